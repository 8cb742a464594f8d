// RFC 9457 problem details: the one error shape of the REST API. GraphQL errors carry the same
// `code` in `extensions`, so clients can handle both front ends with one table of codes.

export interface InvalidParam {
  /** The parameter or field, e.g. `limit` or `location.lat`. */
  name: string;
  in: 'query' | 'path' | 'body' | 'header';
  reason: string;
}

export type ProblemCode =
  | 'invalid_parameter'
  | 'unknown_parameter'
  | 'invalid_cursor'
  | 'invalid_body'
  | 'not_found'
  | 'method_not_allowed'
  | 'payload_too_large'
  | 'unsupported_media_type'
  | 'rate_limited'
  | 'request_timeout'
  | 'service_unavailable'
  | 'invalid_query'
  | 'invalid_key'
  | 'authentication_required'
  | 'forbidden'
  | 'origin_not_allowed'
  | 'read_only_field'
  | 'precondition_failed'
  | 'precondition_required'
  | 'idempotency_key_reused'
  | 'invalid_state'
  | 'query_too_complex'
  | 'internal_error';

export interface Problem {
  type: string;
  title: string;
  status: number;
  code: ProblemCode;
  detail?: string;
  instance?: string;
  invalid_params?: InvalidParam[];
}

export const PROBLEM_CONTENT_TYPE = 'application/problem+json; charset=utf-8';

export function problemType(code: ProblemCode): string {
  return `urn:circles:problem:${code}`;
}

export class ProblemError extends Error {
  readonly status: number;
  readonly code: ProblemCode;
  readonly title: string;
  readonly invalidParams: InvalidParam[] | undefined;

  constructor(
    status: number,
    code: ProblemCode,
    title: string,
    detail?: string,
    invalidParams?: InvalidParam[],
  ) {
    super(detail ?? title);
    this.name = 'ProblemError';
    this.status = status;
    this.code = code;
    this.title = title;
    this.invalidParams = invalidParams;
  }

  toProblem(instance?: string): Problem {
    return {
      type: problemType(this.code),
      title: this.title,
      status: this.status,
      code: this.code,
      detail: this.message,
      ...(instance ? { instance } : {}),
      ...(this.invalidParams ? { invalid_params: this.invalidParams } : {}),
    };
  }
}

export function invalidParameter(
  name: string,
  reason: string,
  where: InvalidParam['in'] = 'query',
): ProblemError {
  return new ProblemError(400, 'invalid_parameter', 'Invalid parameter', `${name}: ${reason}`, [
    { name, in: where, reason },
  ]);
}

export function notFound(what: string): ProblemError {
  return new ProblemError(404, 'not_found', 'Not found', `${what} was not found`);
}
