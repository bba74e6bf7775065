// The job summary: the markup of @actions/core's summary (heading + table), with every text HTML-escaped; appended
// to the file GITHUB_STEP_SUMMARY names.
import { describe, expect, it } from '@jest/globals';
import { readFileSync, writeFileSync } from 'node:fs';
import { EOL } from 'node:os';
import { join } from 'node:path';
import { summary } from '@actions/core';
import { appendSummary, escapeHtml, summaryHtml } from '../../../src/action/job-summary.js';
import { useTempDirs } from '../temp-dirs.js';

const tmp = useTempDirs('sfjwt-summary-');

/** What core writes for the same heading and table, given texts already escaped (core escapes nothing). */
function coreHtml(heading: string, header: string[], rows: string[][]): string {
  return summary
    .emptyBuffer()
    .addHeading(escapeHtml(heading), 3)
    .addTable([header.map((data) => ({ data: escapeHtml(data), header: true })), ...rows.map((r) => r.map(escapeHtml))])
    .stringify();
}

const HOSTILE = [
  'ci@example.com',
  'https://acme.my.salesforce.com',
  '<script>alert(1)</script>',
  'a & b "quoted" \'single\'',
  'two\nlines',
  '100% :,',
  'unicodé ✓ 日本 🚀'
];

describe('job summary', () => {
  it.each(HOSTILE)('writes what core writes for %j, escaped', (value) => {
    const rows = [
      ['Username', value],
      [value, 'Value']
    ];
    expect(summaryHtml(value, 3, ['Field', value], rows)).toBe(coreHtml(value, ['Field', value], rows));
  });

  it('escapes the five HTML specials and nothing else', () => {
    expect(escapeHtml(`<a href="x">&'</a> ✓`)).toBe('&lt;a href=&quot;x&quot;&gt;&amp;&#39;&lt;/a&gt; ✓');
    expect(summaryHtml('<h>', 3, ['<th>'], [['<td>']])).toBe(
      `<h3>&lt;h&gt;</h3>${EOL}<table><tr><th>&lt;th&gt;</th></tr><tr><td>&lt;td&gt;</td></tr></table>${EOL}`
    );
  });

  it('closes an empty cell, where core would leave a bare <td>', () => {
    expect(summaryHtml('S', 3, ['F'], [['']])).toContain('<td></td>');
    expect(
      summary
        .emptyBuffer()
        .addTable([['']])
        .stringify()
    ).toContain('<tr><td></tr>');
  });

  it('appends to the summary file, and does nothing without one', () => {
    const file = join(tmp(), 'summary');
    writeFileSync(file, 'earlier step\n');
    appendSummary('<p>one</p>\n', { GITHUB_STEP_SUMMARY: file });
    appendSummary('<p>two</p>\n', { GITHUB_STEP_SUMMARY: file });
    appendSummary('<p>nowhere</p>\n', {});
    expect(readFileSync(file, 'utf8')).toBe('earlier step\n<p>one</p>\n<p>two</p>\n');
  });

  it('throws where the summary file cannot be written (the caller makes that a warning)', () => {
    expect(() => appendSummary('x', { GITHUB_STEP_SUMMARY: join(tmp(), 'no-such-dir', 'summary') })).toThrow();
  });
});
