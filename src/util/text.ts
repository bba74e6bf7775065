/**
 * The one sanitiser for text that reaches a log or a terminal: input a user gave, and text a server or a program
 * sent (Salesforce's error_description, sf's and npm's messages). Terminal escape sequences (ANSI CSI such as
 * colours and cursor moves, OSC such as window titles and hyperlinks) are stripped; every other control character
 * (C0, DEL, C1, the Unicode line and paragraph separators) is escaped as \r, \n or \uXXXX, so one message stays
 * one line and cannot start a workflow command or rewrite the terminal. The escapes are valid inside JSON strings,
 * so JSON that JSON.stringify made passes through unchanged.
 *
 * Work is bounded: quoteText looks at no more than a fixed multiple of the length it returns.
 */

/** CSI (ESC [ or the 8-bit 0x9b): parameter bytes, intermediate bytes, one final byte. */
const CSI = /(?:\x1b\[|\x9b)[0-?]*[ -/]*[@-~]/g;
/** OSC (ESC ] or 0x9d) up to BEL or ST (ESC \ or 0x9c); an unterminated one up to the next ESC or the end. */
const OSC = /(?:\x1b\]|\x9d)[^\x07\x1b\x9c]*(?:\x07|\x1b\\|\x9c)?/g;
/** Other escapes: ESC, intermediate bytes, one final byte (ESC c resets the terminal, ESC ( B picks a charset). */
const ESC_PAIR = /\x1b[ -/]*[0-Z\\-~]/g;
/** What is escaped after the sequences are gone. Tab stays: it cannot end a line. */
const CONTROL = /[\0-\x08\x0a-\x1f\x7f-\x9f\u2028\u2029]/g;

const escapeControl = (c: string): string =>
  c === '\n' ? '\\n' : c === '\r' ? '\\r' : `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`;

const stripSequences = (text: string): string => text.replace(OSC, '').replace(CSI, '').replace(ESC_PAIR, '');

/** `text` as one line: escape sequences stripped, line breaks and other control characters escaped. */
export function oneLine(text: string): string {
  return stripSequences(text).replace(CONTROL, escapeControl);
}

/**
 * An annotation's or debug line's message: escape sequences stripped, control characters escaped, but line breaks
 * kept: the workflow-command encoding (%0A) carries them inside the one stdout line, and the runner shows them as
 * the lines of one annotation, as @actions/core's callers expect.
 */
export function annotationText(text: string): string {
  return stripSequences(text).replace(CONTROL, (c) => (c === '\n' || c === '\r' ? c : escapeControl(c)));
}

/** Text of several lines that we composed (help, a report): each line as oneLine makes it, the line breaks kept. */
export function terminalLines(text: string): string {
  return text.split('\n').map(oneLine).join('\n');
}

/** The longest quote of someone else's text (a server's error description, a program's output) in a message. */
export const QUOTE_LIMIT = 300;
const ELLIPSIS = '…';

/**
 * Someone else's text as a message may quote it: one line (escape sequences stripped, then line breaks and other
 * whitespace runs made one space, then other controls escaped), at most `limit` characters, with "…" where it was cut. A multi-megabyte answer costs no more than
 * a short one.
 */
export function quoteText(text: string, limit = QUOTE_LIMIT): string {
  // Line breaks in a quote are only layout: they become spaces, like every other run of whitespace.
  return clip(text, limit, (head) => stripSequences(head).replace(/\s+/g, ' ').trim().replace(CONTROL, escapeControl));
}

function clip(text: string, limit: number, line: (head: string) => string): string {
  // Escapes at most make a character six (\u0085); sequences only shrink. 8x the limit is always enough.
  const head = text.length > limit * 8 ? text.slice(0, limit * 8) : text;
  const done = line(head);
  if (done.length <= limit && head.length === text.length) return done;
  let cut = done.slice(0, limit).trimEnd();
  // Never end on half of a surrogate pair.
  if (/[\ud800-\udbff]$/.test(cut)) cut = cut.slice(0, -1);
  return `${cut}${ELLIPSIS}`;
}
