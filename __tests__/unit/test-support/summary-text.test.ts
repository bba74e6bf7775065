// The job summary as terminal text (test-support/summary-text.mjs), on the markup src/action/job-summary.ts writes.
import { describe, expect, it } from '@jest/globals';
import { summaryHtml } from '../../../src/action/job-summary.js';
import { summaryText } from '../../../test-support/summary-text.mjs';

describe('summaryText', () => {
  it('turns a heading and a table into a heading line and aligned columns', () => {
    const html = summaryHtml(
      'Salesforce login',
      3,
      ['Field', 'Value'],
      [
        ['Username', 'ci@example.com'],
        ['Token requests', '3'],
        ['Org id', '00D000000000001']
      ]
    );
    expect(summaryText(html)).toBe(
      [
        '### Salesforce login',
        '',
        'Field           Value',
        '--------------  ---------------',
        'Username        ci@example.com',
        'Token requests  3',
        'Org id          00D000000000001'
      ].join('\n')
    );
  });

  it('decodes what the summary escaped, and drops control characters, escaped or not', () => {
    const html = summaryHtml('a & b', 2, ['k', 'v'], [['<script>', '"x" \'y\' \x1b[31mred']]);
    expect(summaryText(`${html}<p>Bell &#7; here &#x1b;[2J</p>`)).toBe(
      [
        '## a & b',
        '',
        'k         v',
        '--------  ---------------',
        '<script>  "x" \'y\' [31mred',
        '',
        'Bell here [2J'
      ].join('\n')
    );
  });

  it('keeps text between blocks, one line per paragraph, and several tables apart', () => {
    const table = (v: string) => `<table><tr><td>a</td><td>${v}</td></tr></table>`;
    expect(summaryText(`<p>first</p><p>second<br>third</p>${table('1')}\n${table('22')}`)).toBe(
      ['first\nsecond\nthird', 'a  1', 'a  22'].join('\n\n')
    );
  });

  it('is empty for an empty summary', () => {
    expect(summaryText('')).toBe('');
  });
});
