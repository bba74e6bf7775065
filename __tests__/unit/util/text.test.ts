// The one sanitiser for log and terminal text: escape sequences stripped, control characters escaped, quotes of
// someone else's text bounded, in time linear in what is looked at.
import { describe, expect, it } from '@jest/globals';
import { QUOTE_LIMIT, annotationText, oneLine, quoteText, terminalLines } from '../../../src/util/text.js';

/** Any character that a log or terminal could take as a line break or a control. */
const CONTROLS = /[\0-\x08\x0a-\x1f\x7f-\x9f\u2028\u2029]/;

describe('oneLine', () => {
  it.each([
    ['plain text', 'plain text'],
    ['two\nlines', 'two\\nlines'],
    ['crlf\r\n::error::forged', 'crlf\\r\\n::error::forged'],
    ['tab\tstays', 'tab\tstays'],
    ['\x1b[31mred\x1b[0m and \x1b[1;4mbold\x1b[m', 'red and bold'],
    ['\x1b[2J\x1b[Hcleared', 'cleared'],
    ['title \x1b]0;pwned\x07 set', 'title  set'],
    ['link \x1b]8;;https://evil.example\x1b\\text\x1b]8;;\x1b\\ end', 'link text end'],
    ['unterminated \x1b]0;title', 'unterminated '],
    ['reset \x1bc done', 'reset  done'],
    ['charset \x1b(Bascii, save \x1b7 restore \x1b8', 'charset ascii, save  restore '],
    ['8-bit \x9b31mcsi\x9b0m', '8-bit csi'],
    ['a lone escape at the end \x1b', 'a lone escape at the end \\u001b'],
    ['escape then a line break \x1b\n', 'escape then a line break \\u001b\\n'],
    ['nul\0 del\x7f c1\x85 ls\u2028 ps\u2029', 'nul\\u0000 del\\u007f c1\\u0085 ls\\u2028 ps\\u2029'],
    ['unicodé ✓ 日本 🚀', 'unicodé ✓ 日本 🚀']
  ])('%j → %j', (input, expected) => {
    expect(oneLine(input)).toBe(expected);
  });

  it('leaves no control character and no ESC, whatever is nested', () => {
    const nasty = '\x1b\x1b[0m[31m\x1b]\x1b]0;x\x07\x1b[\x1b[1m\n\r\x9b\x9d\x9c';
    const line = oneLine(nasty);
    expect(line).not.toMatch(CONTROLS);
    expect(line).not.toContain('\x1b');
  });

  it('keeps JSON valid: its escapes are JSON escapes', () => {
    const json = JSON.stringify({ m: 'a\x7fb\x85c\u2028d' });
    expect(JSON.parse(oneLine(json))).toEqual({ m: 'a\x7fb\x85c\u2028d' });
  });
});

describe('terminalLines', () => {
  it('keeps the line breaks we composed and escapes everything else in each line', () => {
    expect(terminalLines('first\nsecond \x1b[31mred\x1b[0m\r\nthird\x07')).toBe('first\nsecond red\\r\nthird\\u0007');
  });
});

describe('quoteText', () => {
  it('turns line breaks into spaces and keeps short text whole', () => {
    expect(quoteText('Unable to refresh:\nfetch failed\r\n  authentication failure')).toBe(
      'Unable to refresh: fetch failed authentication failure'
    );
  });

  it(`cuts at ${QUOTE_LIMIT} characters with "…", or at the limit given`, () => {
    const long = 'x'.repeat(1000);
    expect(quoteText(long)).toBe(`${'x'.repeat(QUOTE_LIMIT)}…`);
    expect(quoteText(long, 10)).toBe(`${'x'.repeat(10)}…`);
    expect(quoteText('x'.repeat(QUOTE_LIMIT))).toBe('x'.repeat(QUOTE_LIMIT));
  });

  it('never ends on half a surrogate pair', () => {
    expect(quoteText(`${'a'.repeat(9)}🚀🚀`, 10)).toBe(`${'a'.repeat(9)}…`);
  });

  it('quotes 3 MB of escapes, newlines and text in one bounded line, in well under a second', () => {
    const piece = '\x1b[31mERROR\x1b[0m\n::error::forged\r\n\x1b]0;title\x07\x1b]8;;https://x\x1b\\link ';
    const hostile = piece.repeat(Math.ceil((3 * 1024 * 1024) / piece.length));
    expect(hostile.length).toBeGreaterThan(3 * 1024 * 1024);
    const started = performance.now();
    const quoted = quoteText(hostile);
    expect(performance.now() - started).toBeLessThan(1000);
    expect(quoted.length).toBeLessThanOrEqual(QUOTE_LIMIT + 1);
    expect(quoted.endsWith('…')).toBe(true);
    expect(quoted).not.toMatch(CONTROLS);
    expect(quoted).toMatch(/^ERROR ::error::forged link ERROR/);
  });

  it('takes linear time on unterminated escape sequences (quadratic time would not end in a test)', () => {
    for (const unit of ['\x1b[', '\x1b]', '\x1b[1;2;3;4;5;6;7;8;9', '\x9d', '\x1b(']) {
      const hostile = unit.repeat(Math.ceil((256 * 1024) / unit.length));
      const started = performance.now();
      expect(oneLine(hostile)).not.toMatch(CONTROLS);
      expect(quoteText(hostile).length).toBeLessThanOrEqual(QUOTE_LIMIT + 1);
      expect(performance.now() - started).toBeLessThan(2000);
    }
  });
});

describe('annotationText', () => {
  it('strips escape sequences and escapes controls, but keeps line breaks for the %0A encoding', () => {
    expect(annotationText('two\nlines\r\n\x1b[31mred\x1b[0m \x1b]0;t\x07bell\x07 nul\0')).toBe(
      'two\nlines\r\nred bell\\u0007 nul\\u0000'
    );
  });
});
