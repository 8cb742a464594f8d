// Text folding shared by everything that matches what people type against gazetteer names.
// Both sides (the index and the query) go through the same functions, so a variant only has to be
// folded the same way, never spelled "correctly".

// Letters that Unicode decomposition (NFD) leaves intact but that people type without.
const FOLDED_LETTERS: Readonly<Record<string, string>> = {
  ø: 'o',
  æ: 'ae',
  œ: 'oe',
  ß: 'ss',
  ł: 'l',
  đ: 'd',
  ð: 'd',
  þ: 'th',
  ı: 'i',
};

/**
 * Case-, accent- and punctuation-insensitive form: "São Paulo" -> "sao paulo", "D.C." -> "dc",
 * "Winston-Salem" -> "winston salem". Commas are separators here too, so split on them first.
 */
export function foldText(input: string): string {
  // Most gazetteer names are plain ASCII words; skipping Unicode work for them halves index builds.
  if (/^[A-Za-z]+(?: [A-Za-z]+)*$/.test(input)) return input.toLowerCase();
  return input
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/[øæœßłđðþı]/g, (c) => FOLDED_LETTERS[c] ?? c)
    .replace(/[.'’`]/g, '')
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
}

// "St. Louis" and "Saint Louis" both occur, in the data and in what people type.
const NAME_ABBREVIATIONS: Readonly<Record<string, string>> = {
  st: 'saint',
  ste: 'sainte',
  ft: 'fort',
  mt: 'mount',
};

/**
 * Lookup key for a place *name* (not for a qualifier: "MT" after a comma is Montana, not "mount").
 * Takes text already passed through foldText.
 */
export function placeNameKey(folded: string): string {
  return folded.replace(/(?<=^| )(?:st|ste|ft|mt)(?= |$)/g, (word) => NAME_ABBREVIATIONS[word] ?? word);
}
