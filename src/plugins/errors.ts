// Every 4xx/5xx leaves as application/problem+json with a stable `code` and, for bad input, the
// parameter that was wrong. 5xx details are logged (without the query string) and masked.

import type { ErrorObject } from 'ajv';
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import { type InvalidParam, PROBLEM_CONTENT_TYPE, type Problem, ProblemError } from '../lib/problem.js';
import { problemFromAjvErrors } from '../lib/validation.js';

const CONTEXT_TO_IN: Record<string, InvalidParam['in']> = {
  querystring: 'query',
  params: 'path',
  body: 'body',
  headers: 'header',
};

function validationToProblem(error: FastifyError): ProblemError {
  const where = CONTEXT_TO_IN[error.validationContext ?? 'body'] ?? 'body';
  return problemFromAjvErrors((error.validation ?? []) as unknown as ErrorObject[], where, error.message);
}

// Fastify's own errors (FST_*) mapped onto our codes.
export function frameworkToProblem(error: FastifyError): ProblemError | null {
  switch (error.code) {
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return new ProblemError(413, 'payload_too_large', 'Payload too large', 'The request body is too large');
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
      return new ProblemError(
        415,
        'unsupported_media_type',
        'Unsupported media type',
        'Send application/json',
      );
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
    case 'FST_ERR_CTP_INVALID_CONTENT_LENGTH':
      return new ProblemError(400, 'invalid_body', 'Invalid body', error.message);
    default:
      break;
  }
  if (error instanceof SyntaxError || error.code === 'FST_ERR_CTP_INVALID_JSON_BODY') {
    return new ProblemError(400, 'invalid_body', 'Invalid body', 'The body is not valid JSON');
  }
  if (error.statusCode === 429) {
    return new ProblemError(429, 'rate_limited', 'Too many requests', 'Slow down and retry later');
  }
  if (error.statusCode === 408 || error.code === 'FST_ERR_HANDLER_TIMEOUT') {
    return new ProblemError(503, 'request_timeout', 'Request timed out', 'The request took too long');
  }
  if (error.statusCode && error.statusCode >= 400 && error.statusCode < 500) {
    return new ProblemError(error.statusCode, 'invalid_parameter', 'Bad request', error.message);
  }
  return null;
}

// The database is down, restarting, overloaded or locked: the request may succeed if retried, so
// the client gets a 503 with Retry-After instead of a 500 (and never the driver's message).
// SQLSTATEs: 08xxx connection exceptions; 57P01/57P02/57P03 admin or crash shutdown, starting up;
// 57014 statement timeout; 55P03 lock timeout; 53300 too many connections; 40001/40P01
// serialization failure and deadlock (the transaction rolled back; a retry runs it again).
const RETRYABLE_SQLSTATES = new Set(['57P01', '57P02', '57P03', '57014', '55P03', '53300', '40001', '40P01']);
const NETWORK_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'EPIPE',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'EAI_AGAIN',
]);
// node-postgres and pg-pool raise these as plain Errors, without a code.
const DRIVER_MESSAGES = [
  /^timeout exceeded when trying to connect/i,
  /^Connection terminated/i,
  /^Query read timeout/i,
  /is not queryable/i,
  /^Cannot use a pool after calling end/i,
];
export const RETRY_AFTER_SECONDS = 2;

export function databaseUnavailable(error: unknown): ProblemError | null {
  if (!error || typeof error !== 'object') return null;
  const { code, message, errors } = error as { code?: unknown; message?: unknown; errors?: unknown };
  const unavailable =
    (typeof code === 'string' &&
      (RETRYABLE_SQLSTATES.has(code) || /^08[0-9A-Z]{3}$/.test(code) || NETWORK_CODES.has(code))) ||
    (typeof message === 'string' && DRIVER_MESSAGES.some((re) => re.test(message))) ||
    // A connection to several addresses (localhost: ::1 and 127.0.0.1) fails as an AggregateError.
    (Array.isArray(errors) && errors.some((e) => databaseUnavailable(e) !== null));
  return unavailable
    ? new ProblemError(
        503,
        'service_unavailable',
        'Service unavailable',
        'The database is unavailable or busy; retry shortly',
      )
    : null;
}

export function sendProblem(
  reply: FastifyReply,
  request: FastifyRequest,
  problem: ProblemError,
): FastifyReply {
  const body: Problem = problem.toProblem(request.url.split('?')[0]);
  return reply.status(problem.status).type(PROBLEM_CONTENT_TYPE).send(body);
}

export default fp(
  async function errors(app: FastifyInstance) {
    app.setErrorHandler((error: FastifyError, request, reply) => {
      let problem: ProblemError | null = null;
      if (error instanceof ProblemError) problem = error;
      else if (error.validation) problem = validationToProblem(error);
      else problem = frameworkToProblem(error) ?? databaseUnavailable(error);
      if (problem?.status === 503) reply.header('retry-after', String(RETRY_AFTER_SECONDS));

      if (!problem) {
        // Unknown failure: log it whole for us, tell the client nothing that could leak internals.
        request.log.error({ err: error }, 'unhandled error');
        problem = new ProblemError(
          500,
          'internal_error',
          'Internal server error',
          'Something went wrong on our side',
        );
      } else if (problem.status >= 500) {
        // Code and message only: a driver error may carry parameters (search terms) in its detail.
        const { code, message } = error as { code?: unknown; message?: unknown };
        request.log.error({ err: { code, message } }, problem.code);
      }
      return sendProblem(reply, request, problem);
    });

    app.setNotFoundHandler((request, reply) =>
      sendProblem(reply, request, new ProblemError(404, 'not_found', 'Not found', 'No such route')),
    );
  },
  { name: 'errors', fastify: '5.x' },
);
