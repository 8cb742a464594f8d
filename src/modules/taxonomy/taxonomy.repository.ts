import type { Db } from '../../db/connect.js';

export async function listVocabularies(db: Db) {
  return db.selectFrom('taxonomy_vocabularies').selectAll().orderBy('position').orderBy('code').execute();
}

export async function listTerms(db: Db) {
  return db
    .selectFrom('taxonomy_terms')
    .selectAll()
    .orderBy('vocabulary')
    .orderBy('position')
    .orderBy('code')
    .execute();
}
