// A small corpus of SQL injection payloads, one or more per classic family. Each is sent as the
// value of every string parameter (REST query and path, GraphQL string arguments). `sleepy`
// payloads would delay the answer by seconds if they ever reached Postgres as SQL.

export interface Payload {
  family: string;
  value: string;
  sleepy?: boolean;
}

export const SQL_INJECTION_CORPUS: Payload[] = [
  // Quotes and string breaking
  { family: 'quote', value: "'" },
  { family: 'quote', value: '"' },
  { family: 'quote', value: "''" },
  { family: 'quote', value: "depression'" },
  { family: 'quote', value: "\\'" },
  { family: 'quote', value: '`' },
  { family: 'quote', value: "');" },
  // Comments
  { family: 'comment', value: "depression'--" },
  { family: 'comment', value: "depression'/*" },
  { family: 'comment', value: "'/**/OR/**/'1'='1" },
  { family: 'comment', value: "x' -- -" },
  { family: 'comment', value: "x'#" },
  // Stacked queries
  { family: 'stacked', value: "'; DROP TABLE groups; --" },
  { family: 'stacked', value: "1; UPDATE groups SET status='published'; --" },
  { family: 'stacked', value: "x'; DELETE FROM api_keys; SELECT '" },
  { family: 'stacked', value: "'; COPY (SELECT '') TO PROGRAM 'id'; --" },
  // Boolean based
  { family: 'boolean', value: "' OR '1'='1" },
  { family: 'boolean', value: "' OR 1=1--" },
  { family: 'boolean', value: '" OR ""="' },
  { family: 'boolean', value: "x' AND 1=0 UNION SELECT NULL--" },
  { family: 'boolean', value: "' OR status='draft" },
  { family: 'boolean', value: '1 OR 1=1' },
  { family: 'boolean', value: "depression') OR ('a'='a" },
  // Time based
  { family: 'time', value: "'; SELECT pg_sleep(3)--", sleepy: true },
  { family: 'time', value: "' || pg_sleep(3) || '", sleepy: true },
  { family: 'time', value: "' AND 1=(SELECT 1 FROM pg_sleep(3))--", sleepy: true },
  { family: 'time', value: '1) AND (SELECT 1 FROM pg_sleep(3)) IS NULL--', sleepy: true },
  { family: 'time', value: "x' OR (SELECT CASE WHEN 1=1 THEN pg_sleep(3) END) IS NULL--", sleepy: true },
  // UNION based
  { family: 'union', value: "' UNION SELECT id, name, status FROM groups--" },
  { family: 'union', value: "' UNION ALL SELECT NULL,NULL,NULL,NULL--" },
  { family: 'union', value: "x' UNION SELECT key_hash FROM api_keys--" },
  { family: 'union', value: "') UNION SELECT version()--" },
  // Errors and casts
  { family: 'error', value: "' AND 1=CAST((SELECT version()) AS int)--" },
  { family: 'error', value: "'::int" },
  { family: 'error', value: '1::text' },
  { family: 'error', value: '$1' },
  { family: 'error', value: '$$; SELECT 1; $$' },
  { family: 'error', value: "E'\\x27'" },
  // Unicode and encoding tricks
  { family: 'unicode', value: '\uFF07 OR \uFF071\uFF07=\uFF071' }, // fullwidth apostrophes
  { family: 'unicode', value: '\u02BC OR 1=1--' }, // modifier letter apostrophe
  { family: 'unicode', value: '\u2019; DROP TABLE groups;--' }, // right single quotation mark
  { family: 'unicode', value: '%27 OR %271%27=%271' }, // percent-encoded quote, sent encoded once more
  { family: 'unicode', value: '%2527' }, // double-encoded quote
  { family: 'unicode', value: "\u0000' OR 1=1--" }, // NUL then a quote
  { family: 'unicode', value: '%00%27' },
  { family: 'unicode', value: '%C0%A7 OR 1=1' }, // overlong UTF-8 apostrophe, as text
  { family: 'unicode', value: Buffer.from([0xc0, 0xa7]).toString('latin1') }, // overlong bytes as latin1
  { family: 'unicode', value: "\uD800' OR 1=1" }, // lone surrogate
  { family: 'unicode', value: "de\u0301pression' OR '1'='1" }, // combining accent
  { family: 'unicode', value: "\u202E' OR 1=1--" }, // right-to-left override
  // Operators of JSON, arrays, full-text and pattern matching
  { family: 'operator', value: '%' },
  { family: 'operator', value: '_' },
  { family: 'operator', value: '\\' },
  { family: 'operator', value: "'||'" },
  { family: 'operator', value: '*' },
  { family: 'operator', value: '{"$ne": null}' },
  { family: 'operator', value: "'}' OR '1'='1" },
  { family: 'operator', value: '{depression,anxiety}' },
  { family: 'operator', value: "ARRAY['depression']" },
  { family: 'operator', value: "'] @> '[" },
  { family: 'operator', value: "data->>'status' = 'draft'" },
  { family: 'operator', value: "#>> '{}'" },
  { family: 'operator', value: '!! & | <-> :*' },
  { family: 'operator', value: "depression:* | ' OR 1=1" },
  { family: 'operator', value: "depression,anxiety'),('x" },
];
