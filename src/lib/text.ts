// Text normalisation shared by search and the taxonomy: lower case, accents folded, so that
// "Depresión", "depresion" and "DEPRESION" are the same word everywhere.

export function fold(input: string): string {
  return input
    .normalize('NFD')
    .replace(/\p{M}+/gu, '')
    .toLowerCase();
}

/** Words of a folded text: runs of letters and digits. */
export function words(input: string): string[] {
  return fold(input).match(/[\p{L}\p{N}]+/gu) ?? [];
}

/** A URL-safe slug: folded, "&" spelled out, runs of other characters as one hyphen. */
export function slugify(text: string): string {
  return fold(text)
    .replace(/&/g, ' and ')
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
}
