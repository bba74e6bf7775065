/**
 * PEM text as it arrives from secret stores and copy-paste, shared by the key and certificate inputs: one place
 * that undoes the mangling (quotes, literal "\n", CRLF, lost newlines) and re-wraps a body at 64 columns.
 */
export const PEM_BLOCK = /-----BEGIN ([A-Z0-9 ]+)-----([\s\S]*?)-----END \1-----/;

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
