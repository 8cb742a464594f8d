import { Type } from 'typebox';
import { problemResponses } from '../../lib/schemas.js';

export const TermSchema = Type.Object(
  {
    code: Type.String({ examples: ['ptsd'] }),
    labels: Type.Record(Type.String(), Type.String(), {
      description: 'Label per language (BCP 47)',
      examples: [{ en: 'PTSD', es: 'TEPT' }],
    }),
    synonyms: Type.Array(Type.String(), { examples: [['trauma', 'post traumatic stress']] }),
    parent: Type.Union([Type.String(), Type.Null()]),
  },
  { $id: 'Term' },
);

export const VocabularySchema = Type.Object(
  {
    code: Type.String({ examples: ['conditions'] }),
    description: Type.String(),
    terms: Type.Array(Type.Ref('Term')),
  },
  { $id: 'Vocabulary' },
);

export const listTaxonomySchema = {
  tags: ['taxonomy'],
  summary: 'Every vocabulary with its terms',
  description:
    'Conditions, affinities, attendance, facilitation, access, cost, accessibility, languages, days and times of day, ' +
    'each term with English and Spanish labels and the synonyms search understands.',
  querystring: Type.Object({}, { additionalProperties: false }),
  response: {
    200: Type.Object({ data: Type.Array(Type.Ref('Vocabulary')) }),
    ...problemResponses(400),
  },
};

export const getVocabularySchema = {
  tags: ['taxonomy'],
  summary: 'One vocabulary',
  params: Type.Object({ vocabulary: Type.String({ maxLength: 64, examples: ['conditions'] }) }),
  querystring: Type.Object({}, { additionalProperties: false }),
  response: {
    200: Type.Object({ data: Type.Ref('Vocabulary') }),
    ...problemResponses(400, 404),
  },
};
