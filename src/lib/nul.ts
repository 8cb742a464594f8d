// PostgreSQL text cannot hold U+0000: a NUL in any value that reaches a query makes Postgres answer
// ERROR ("invalid byte sequence for encoding UTF8: 0x00") and the client a 500 (found by fuzzing).
// No field of ours has a use for it, so input holding one is refused at the edge, naming the field.

/** The path (e.g. `location.street`, `meetings.0.day`) of the first string holding a NUL, or null. */
export function findNul(value: unknown, base = ''): string | null {
  // Iterative: a body may be nested thousands of levels deep.
  const stack: [unknown, string][] = [[value, base]];
  while (stack.length) {
    const [current, path] = stack.pop()!;
    if (typeof current === 'string') {
      if (current.includes('\u0000')) return path || '(root)';
    } else if (current && typeof current === 'object') {
      for (const [key, inner] of Object.entries(current)) {
        if (key.includes('\u0000')) return path ? `${path}.(key)` : '(key)';
        stack.push([inner, path ? `${path}.${key}` : key]);
      }
    }
  }
  return null;
}
