// Schemas shared by every route: the problem document and common parameters.
import { Type } from 'typebox';

export const ProblemSchema = Type.Object(
  {
    type: Type.String({ examples: ['urn:circles:problem:invalid_parameter'] }),
    title: Type.String(),
    status: Type.Integer(),
    code: Type.String({ description: 'Stable machine-readable error code', examples: ['invalid_parameter'] }),
    detail: Type.Optional(Type.String()),
    instance: Type.Optional(Type.String()),
    invalid_params: Type.Optional(
      Type.Array(
        Type.Object({
          name: Type.String({ examples: ['limit'] }),
          in: Type.String({ examples: ['query'] }),
          reason: Type.String({ examples: ['must be <= 100'] }),
        }),
      ),
    ),
  },
  { $id: 'Problem', description: 'RFC 9457 problem details' },
);

/** Standard error responses, referenced by every route's schema. */
export function problemResponses(...statuses: number[]): Record<number, unknown> {
  const out: Record<number, unknown> = {};
  for (const status of statuses) out[status] = Type.Ref('Problem');
  return out;
}

export const LangSchema = Type.Union([Type.Literal('en'), Type.Literal('es')], {
  description: 'Language of labels',
  default: 'en',
});
