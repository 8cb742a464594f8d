// HSDS wants a UUID on every object, and we have rows only for groups, meetings and organizations.
// The others (taxonomies, terms, locations, addresses, attributes, ...) get name-based UUIDs
// (RFC 9562 version 5): the same object has the same id on every request and every server, so a
// client can store a taxonomy_term_id and filter by it later, and no table of ids has to be kept.
import { createHash } from 'node:crypto';

/** Our namespace for name-based ids (a random v4 UUID, fixed forever: changing it changes every id). */
const NAMESPACE = Buffer.from('6f1c2a9e4b7d4e31a0c85d2f9b3e7c14', 'hex');

export function nameUuid(...parts: string[]): string {
  const hash = createHash('sha1').update(NAMESPACE).update(parts.join('\u0000')).digest();
  hash[6] = (hash[6]! & 0x0f) | 0x50; // version 5
  hash[8] = (hash[8]! & 0x3f) | 0x80; // RFC variant
  const hex = hash.subarray(0, 16).toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

export const taxonomyId = (vocabulary: string) => nameUuid('taxonomy', vocabulary);
export const termId = (vocabulary: string, code: string) => nameUuid('taxonomy_term', vocabulary, code);
/** Child objects of a service: its location, address, attribute for a term, ... */
export const childId = (serviceId: string, ...role: string[]) => nameUuid('service', serviceId, ...role);
