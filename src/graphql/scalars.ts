import { GraphQLError, GraphQLScalarType, Kind } from 'graphql';

const ISO_DATE_TIME = /^\d{4}-\d\d-\d\dT\d\d:\d\d(:\d\d(\.\d+)?)?(Z|[+-]\d\d:\d\d)$/;
const LANGUAGE_TAG = /^[a-zA-Z]{2,8}(-[a-zA-Z0-9]{1,8})*$/;

function stringScalar(name: string, description: string, pattern: RegExp, example: string) {
  const check = (value: unknown): string => {
    if (typeof value !== 'string' || value.length > 64 || !pattern.test(value)) {
      throw new GraphQLError(`${name} must look like ${example}`, {
        extensions: { code: 'invalid_parameter' },
      });
    }
    return value;
  };
  return new GraphQLScalarType({
    name,
    description,
    serialize: check,
    parseValue: check,
    parseLiteral: (ast) => {
      if (ast.kind !== Kind.STRING) {
        throw new GraphQLError(`${name} must be a string`, { extensions: { code: 'invalid_parameter' } });
      }
      return check(ast.value);
    },
  });
}

// Descriptions as in schema/scalars.graphql (a test compares the served schema with the files).
export const DateTime = stringScalar(
  'DateTime',
  'An ISO 8601 date and time with an offset, e.g. 2026-11-24T19:00:00-05:00.',
  ISO_DATE_TIME,
  '2026-11-24T19:00:00-05:00',
);
export const LanguageTag = stringScalar(
  'LanguageTag',
  'A BCP 47 language tag, e.g. en, es, ase (American Sign Language).',
  LANGUAGE_TAG,
  'es or pt-BR',
);
