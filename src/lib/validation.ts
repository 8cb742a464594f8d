// One way to validate input and describe what was wrong, for REST (Fastify's Ajv, configured with
// AJV_OPTIONS) and GraphQL (the same schema compiled here with the same options), so both front
// ends answer the same input with the same message.
import { Ajv, type ErrorObject } from 'ajv';
import addFormats from 'ajv-formats';
import { type InvalidParam, ProblemError } from './problem.js';

export const AJV_OPTIONS = {
  // Unknown parameters and fields are refused, not silently dropped (FIELD-NOTES).
  removeAdditional: false,
  coerceTypes: 'array',
  useDefaults: true,
  allErrors: false,
} as const;

export function problemFromAjvErrors(
  errors: ErrorObject[],
  where: InvalidParam['in'],
  fallback = 'is invalid',
): ProblemError {
  const params: InvalidParam[] = [];
  let unknown = false;
  for (const item of errors) {
    const base = item.instancePath.replace(/^\//, '').replaceAll('/', '.');
    if (item.keyword === 'additionalProperties') {
      unknown = true;
      const extra = String(item.params.additionalProperty);
      params.push({ name: base ? `${base}.${extra}` : extra, in: where, reason: 'is not a known parameter' });
    } else if (item.keyword === 'required') {
      const missing = String(item.params.missingProperty);
      params.push({ name: base ? `${base}.${missing}` : missing, in: where, reason: 'is required' });
    } else {
      params.push({ name: base || '(root)', in: where, reason: item.message ?? fallback });
    }
  }
  const detail = params.map((p) => `${p.name}: ${p.reason}`).join('; ') || fallback;
  return unknown
    ? new ProblemError(400, 'unknown_parameter', 'Unknown parameter', detail, params)
    : new ProblemError(400, 'invalid_parameter', 'Invalid parameter', detail, params);
}

const ajv = addFormats.default(new Ajv({ ...AJV_OPTIONS }));
/** For request bodies: every error at once, so one answer names every bad field. */
export const bodyAjv = addFormats.default(new Ajv({ ...AJV_OPTIONS, allErrors: true }));

/** A validator that throws the ProblemError REST would have answered for the same input. */
export function compileValidator<T>(
  schema: object,
  where: InvalidParam['in'] = 'query',
  { allErrors = false } = {},
): (value: unknown) => T {
  const validate = (allErrors ? bodyAjv : ajv).compile(schema);
  return (value) => {
    if (!validate(value)) throw problemFromAjvErrors(validate.errors ?? [], where);
    return value as T;
  };
}
