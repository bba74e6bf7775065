/**
 * The job summary: HTML appended to the file GITHUB_STEP_SUMMARY names, in the markup @actions/core's summary
 * writes for a heading and a table (held to it by __tests__/unit/action/job-summary.test.ts). Unlike core's, every
 * text is HTML-escaped: the values come from Salesforce's answer and the step's inputs, and must stay text.
 */
import { appendFileSync } from 'node:fs';
import { EOL } from 'node:os';

const HTML_ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => HTML_ESCAPES[c]);
}

const cells = (row: readonly string[], tag: 'th' | 'td'): string =>
  `<tr>${row.map((cell) => `<${tag}>${escapeHtml(cell)}</${tag}>`).join('')}</tr>`;

/** `<hN>heading</hN>` and a table whose first row is its header, as HTML. */
export function summaryHtml(
  heading: string,
  level: 1 | 2 | 3 | 4 | 5 | 6,
  header: readonly string[],
  rows: ReadonlyArray<readonly string[]>
): string {
  const table = `<table>${cells(header, 'th')}${rows.map((row) => cells(row, 'td')).join('')}</table>`;
  return `<h${level}>${escapeHtml(heading)}</h${level}>${EOL}${table}${EOL}`;
}

/** Appends `html` to the job summary; does nothing where the runner offers none. Throws when the file is unwritable. */
export function appendSummary(html: string, env: NodeJS.ProcessEnv = process.env): void {
  const file = env.GITHUB_STEP_SUMMARY;
  if (file) appendFileSync(file, html, { encoding: 'utf8' });
}
