// The README's input and output tables, generated from action.yml so the two cannot drift
// (`node script/docs.mjs` rewrites them; __tests__/docs.test.ts fails when they differ).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { repoRoot } from './runner.mjs';

export function readAction() {
  return parse(readFileSync(join(repoRoot, 'action.yml'), 'utf8'));
}

const cell = (text) =>
  String(text ?? '')
    .replace(/\|/g, '\\|')
    .replace(/\n/g, ' ')
    .trim();

export function renderInputs(action) {
  const rows = Object.entries(action.inputs).map(
    ([name, i]) =>
      `| \`${name}\` | ${i.required ? 'yes' : 'no'} | ${i.default !== undefined ? `\`${i.default}\`` : ''} | ${cell(i.description)} |`
  );
  return ['| input | required | default | description |', '|---|---|---|---|', ...rows].join('\n');
}

export function renderOutputs(action) {
  const rows = Object.entries(action.outputs).map(([name, o]) => `| \`${name}\` | ${cell(o.description)} |`);
  return ['| output | description |', '|---|---|', ...rows].join('\n');
}

/** The README with both tables replaced between their markers. */
export function syncReadme(readme, action) {
  const put = (text, name, table) => {
    const start = `<!-- ${name}:start -->`;
    const end = `<!-- ${name}:end -->`;
    const a = text.indexOf(start);
    const b = text.indexOf(end);
    if (a < 0 || b < a) throw new Error(`README.md lacks the ${start} ... ${end} markers`);
    return `${text.slice(0, a + start.length)}\n${table}\n${text.slice(b)}`;
  };
  return put(put(readme, 'inputs', renderInputs(action)), 'outputs', renderOutputs(action));
}
