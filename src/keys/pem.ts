/**
 * PEM text as it arrives from secret stores and copy-paste, shared by the key and certificate inputs: one place
 * that undoes the mangling (quotes, literal "\n", CRLF, lost newlines), finds the PEM block and re-wraps a body at
 * 64 columns. Work is linear in the input, which is capped at MAX_PEM_INPUT: no real key or certificate comes near.
 */

/** The most text a key or certificate input may have: a 16384-bit RSA key in PEM is about 12.5 kB. */
export const MAX_PEM_INPUT = 64 * 1024;

/** The message for an input over MAX_PEM_INPUT; `what` names it, `size` is its length. */
export const tooLargeForPem = (what: string, size: number): string =>
  `${what} is ${size} characters long; a key or certificate is at most a few kilobytes (this input takes up to ` +
  `${MAX_PEM_INPUT}). Pass the PEM file's contents (or its base64) alone.`;

export interface PemBlock {
  label: string;
  /** What is between the BEGIN and END lines. */
  body: string;
}

const BEGIN = '-----BEGIN ';
const END = '-----END ';
const DASHES = '-----';
const LABEL_CHAR = /[A-Z0-9 ]/;

/** The label of a `-----BEGIN <label>-----` (or END) line whose label starts at `from`, and where it ends. */
function labelAt(text: string, from: number): { label: string; end: number } | undefined {
  let i = from;
  while (i < text.length && LABEL_CHAR.test(text[i])) i += 1;
  if (i === from || !text.startsWith(DASHES, i)) return undefined;
  return { label: text.slice(from, i), end: i + DASHES.length };
}

/**
 * The first PEM block: `-----BEGIN <label>-----`, then anything, then the first `-----END <label>-----` of the same
 * label (what /-----BEGIN ([A-Z0-9 ]+)-----([\s\S]*?)-----END \1-----/ finds, without its quadratic time on
 * megabytes of BEGIN lines): one pass collects every END line, a second pairs each BEGIN with the next END of its
 * label, each label's list walked once.
 */
export function findPemBlock(text: string): PemBlock | undefined {
  const ends = new Map<string, { at: number[]; next: number }>();
  for (let i = text.indexOf(END); i !== -1; i = text.indexOf(END, i + 1)) {
    const found = labelAt(text, i + END.length);
    if (!found) continue;
    const list = ends.get(found.label) ?? { at: [], next: 0 };
    list.at.push(i);
    ends.set(found.label, list);
  }
  for (let i = text.indexOf(BEGIN); i !== -1; i = text.indexOf(BEGIN, i + 1)) {
    const found = labelAt(text, i + BEGIN.length);
    const list = found && ends.get(found.label);
    if (!found || !list) continue;
    while (list.next < list.at.length && list.at[list.next] < found.end) list.next += 1;
    if (list.next < list.at.length) return { label: found.label, body: text.slice(found.end, list.at[list.next]) };
  }
  return undefined;
}

/** Trims, drops surrounding quotes, turns literal "\n" (and "\r\n") into newlines and CRLF into LF. */
export function unmangle(input: string): string {
  let text = input
    .trim()
    .replace(/^(['"])([\s\S]*)\1$/, '$2')
    .trim();
  if (text.includes('\\n')) text = text.replace(/\\r\\n|\\n/g, '\n');
  return text.replace(/\r\n?/g, '\n');
}

/** The bytes of a base64 (or base64url) text, whitespace ignored; undefined when it is not base64 at all. */
export function decodeBase64(text: string): Buffer | undefined {
  const compact = text.replace(/\s+/g, '');
  if (!compact || !/^[A-Za-z0-9+/_-]+={0,2}$/.test(compact)) return undefined;
  return Buffer.from(compact, /[-_]/.test(compact) ? 'base64url' : 'base64');
}

/** A PEM block with its body re-wrapped at 64 columns; `headers` (legacy encryption) go before a blank line. */
export function wrapPem(label: string, base64Body: string, headers: string[] = []): string {
  const wrapped = base64Body.match(/.{1,64}/g)?.join('\n') ?? '';
  return `-----BEGIN ${label}-----\n${headers.length ? `${headers.join('\n')}\n\n` : ''}${wrapped}\n-----END ${label}-----\n`;
}

export const isBase64Body = (body: string): boolean => /^[A-Za-z0-9+/]+={0,2}$/.test(body);
