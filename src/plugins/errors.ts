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
      else problem = frameworkToProblem(error);

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
        request.log.error({ err: error }, problem.code);
      }
      return sendProblem(reply, request, problem);
    });

    app.setNotFoundHandler((request, reply) =>
      sendProblem(reply, request, new ProblemError(404, 'not_found', 'Not found', 'No such route')),
    );
  },
  { name: 'errors', fastify: '5.x' },
);
