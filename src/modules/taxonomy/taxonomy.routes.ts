import type { FastifyInstance } from 'fastify';
import { notFound } from '../../lib/problem.js';
import { getVocabularySchema, listTaxonomySchema } from './taxonomy.schemas.js';

export default async function taxonomyRoutes(app: FastifyInstance) {
  app.get('/v1/taxonomy', { schema: listTaxonomySchema }, async () => {
    const taxonomy = await app.taxonomy.get();
    return { data: taxonomy.vocabularies };
  });

  app.get<{ Params: { vocabulary: string } }>(
    '/v1/taxonomy/:vocabulary',
    { schema: getVocabularySchema },
    async (request) => {
      const vocabulary = (await app.taxonomy.get()).vocabulary(request.params.vocabulary);
      if (!vocabulary) throw notFound('Vocabulary');
      return { data: vocabulary };
    },
  );
}
