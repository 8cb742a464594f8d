import type { IResolvers } from 'mercurius';
import { notFound } from '../../lib/problem.js';
import type { Term } from './taxonomy.service.js';

export const taxonomyResolvers: IResolvers = {
  Query: {
    taxonomy: async (_root, args: { vocabulary?: string | null }, { app }) => {
      const taxonomy = await app.taxonomy.get();
      if (!args.vocabulary) return taxonomy.vocabularies;
      const vocabulary = taxonomy.vocabulary(args.vocabulary);
      if (!vocabulary) throw notFound('Vocabulary');
      return [vocabulary];
    },
  },
  Term: {
    label: (term: Term, args: { lang?: string | null }) =>
      term.labels[args.lang ?? 'en'] ?? term.labels.en ?? term.code,
  },
};
