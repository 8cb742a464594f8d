const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Ids are UUIDs; anything else can't name a row (and must not reach a uuid column as a 500). */
export function isUuid(value: string): boolean {
  return UUID.test(value);
}
