/**
 * SOQL string literals (docs/scratch-and-sandbox.md §2): a value a user gave (a username, an org id) inside single
 * quotes, escaped so that nothing in it can end the literal or change the query around it. SOQL takes backslash
 * escapes in a literal: \' and \\ for the quote and the backslash, \n \r \t \b \f for those control characters; any
 * other control character has no escape, so a value holding one is refused (validated inputs never hold one).
 */

const ESCAPES: Record<string, string> = {
  '\\': '\\\\',
  "'": "\\'",
  '\n': '\\n',
  '\r': '\\r',
  '\t': '\\t',
  '\b': '\\b',
  '\f': '\\f'
};

/** `value` as a quoted SOQL string literal, e.g. o'brien → 'o\'brien'. */
export function soqlString(value: string): string {
  if (/[\0-\x07\x0b\x0e-\x1f\x7f]/.test(value)) {
    throw new RangeError('a SOQL string literal cannot hold this control character');
  }
  return `'${value.replace(/[\\'\n\r\t\b\f]/g, (c) => ESCAPES[c])}'`;
}
