// GraphQL errors carry the REST problem `code` in extensions, so a client handles both front ends
// with one table of codes. Unknown errors are masked and logged (resolver messages would otherwise
// reach clients verbatim, SQL included: FIELD-NOTES).
import type { FastifyBaseLogger, FastifyError } from 'fastify';
import { GraphQLError } from 'graphql';
import type { ProblemCode } from '../lib/problem.js';
import { ProblemError } from '../lib/problem.js';
import { databaseUnavailable, frameworkToProblem } from '../plugins/errors.js';

interface MercuriusLikeError extends Error {
  code?: string;
  statusCode?: number;
  errors?: unknown[];
}

export interface FormattedError {
  message: string;
  locations?: readonly { line: number; column: number }[];
  path?: readonly (string | number)[];
  extensions: { code: ProblemCode } & Record<string, unknown>;
}

/** An error raised by our validation rules (cost, aliases), already coded. */
export function complexityError(message: string): GraphQLError {
  return new GraphQLError(message.replace(/^Syntax Error: /, ''), {
    extensions: { code: 'query_too_complex' },
  });
}

function codeOf(
  error: GraphQLError,
  wrapper: string | undefined,
): { code: ProblemCode; status: number; extra?: Record<string, unknown> } | null {
  const original = error.originalError as MercuriusLikeError | undefined;
  if (original instanceof ProblemError) {
    return {
      code: original.code,
      status: original.status,
      ...(original.invalidParams ? { extra: { invalid_params: original.invalidParams } } : {}),
    };
  }
  // The database is down or busy: retryable, as in REST (503), without the driver's message.
  const unavailable = databaseUnavailable(original);
  if (unavailable) return { code: unavailable.code, status: unavailable.status };
  if (wrapper === 'MER_ERR_GQL_QUERY_DEPTH') return { code: 'query_too_complex', status: 400 };
  // Fastify refused the request itself (body too large, wrong content type, ...).
  if (original && typeof original.statusCode === 'number' && original.code?.startsWith('FST_')) {
    const problem = frameworkToProblem(original as FastifyError);
    if (problem) return { code: problem.code, status: problem.status };
  }
  // Mercurius refused the request itself: GET without a query ("Unknown query"), `variables` that
  // are not JSON, an unknown persisted query, a mutation over GET. The client's mistake, with a 4xx
  // status of Mercurius' own; without this it was masked as a 500 internal_error (found by fuzzing).
  if (
    original &&
    typeof original.statusCode === 'number' &&
    original.statusCode >= 400 &&
    original.statusCode < 500 &&
    original.code?.startsWith('MER_ERR_')
  ) {
    return {
      code: original.statusCode === 405 ? 'method_not_allowed' : 'invalid_query',
      status: original.statusCode,
    };
  }
  // graphql-js refuses documents over parseOptions.maxTokens while parsing (its message says
  // "more that" in graphql 16).
  if (/^Syntax Error: Document contains more (?:than|that) \d+ tokens/.test(error.message)) {
    return { code: 'query_too_complex', status: 400 };
  }
  const given = error.extensions?.code;
  if (typeof given === 'string' && /^[a-z_]+$/.test(given)) {
    const { code: _code, ...extra } = error.extensions;
    return { code: given as ProblemCode, status: 400, extra };
  }
  // Syntax and validation errors of the document itself (no resolver was involved).
  if (!original || original instanceof GraphQLError || wrapper === 'MER_ERR_GQL_VALIDATION') {
    return { code: 'invalid_query', status: 400 };
  }
  return null;
}

/** Mercurius wraps validation and depth errors in one error holding the list; unwrap them. */
function flatten(errors: readonly GraphQLError[]): { error: GraphQLError; wrapper?: string }[] {
  return errors.flatMap((error) => {
    const original = error.originalError as MercuriusLikeError | undefined;
    if (original?.errors && Array.isArray(original.errors)) {
      return original.errors.map((inner) => {
        // The depth error arrives inside the validation wrapper with its own code; taking the
        // wrapper's coded a too-deep query invalid_query instead of query_too_complex whenever the
        // cost rule did not also object (found by fuzzing).
        const code = (inner as MercuriusLikeError).code ?? original.code;
        return {
          error: inner instanceof GraphQLError ? inner : new GraphQLError((inner as Error).message),
          ...(code ? { wrapper: code } : {}),
        };
      });
    }
    return [{ error }];
  });
}

export function formatErrors(
  errors: readonly GraphQLError[],
  log: FastifyBaseLogger,
): { errors: FormattedError[]; status: number } {
  let status = 200;
  const formatted = flatten(errors).map(({ error, wrapper }): FormattedError => {
    const coded = codeOf(error, wrapper);
    if (!coded) {
      log.error({ err: error.originalError ?? error }, 'graphql resolver failed');
      status = Math.max(status, 500);
      return {
        message: 'Something went wrong on our side',
        ...(error.path ? { path: error.path } : {}),
        extensions: { code: 'internal_error' },
      };
    }
    status = Math.max(status, coded.status);
    return {
      message:
        coded.code === 'service_unavailable'
          ? 'The database is unavailable or busy; retry shortly'
          : error.message,
      ...(error.locations ? { locations: error.locations } : {}),
      ...(error.path ? { path: error.path } : {}),
      extensions: { code: coded.code, ...coded.extra },
    };
  });
  // A specific complaint (first: must be <= 100) before the general one (the cost it causes).
  const rank = (e: FormattedError) => (e.extensions.code === 'query_too_complex' ? 1 : 0);
  return { errors: formatted.sort((a, b) => rank(a) - rank(b)), status };
}
