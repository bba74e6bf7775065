// The action's interface in one place each: action.yml declares the inputs and outputs, and the code's names must be
// exactly those (a new input or output that is only in one of them fails here).
import { describe, expect, it } from '@jest/globals';
import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { INPUT_NAMES } from '../../../src/action/input-names.js';
import { readInputs, SECRET_INPUTS } from '../../../src/action/inputs.js';
import { OUTPUTS } from '../../../src/action/outputs.js';

const actionYml = parse(readFileSync(new URL('../../../action.yml', import.meta.url), 'utf8')) as {
  inputs: Record<string, unknown>;
  outputs: Record<string, unknown>;
};
const sorted = (names: Iterable<string>) => [...names].sort();

describe('action.yml and the code name the same inputs and outputs', () => {
  it('outputs: the output table has a row for each output action.yml declares, and no other', () => {
    expect(sorted(Object.keys(OUTPUTS))).toEqual(sorted(Object.keys(actionYml.outputs)));
  });

  it('inputs: INPUT_NAMES lists exactly the inputs action.yml declares', () => {
    expect(sorted(INPUT_NAMES)).toEqual(sorted(Object.keys(actionYml.inputs)));
  });

  it('inputs: readInputs reads every declared input and nothing else', () => {
    const read = new Set<string>();
    readInputs((name) => {
      read.add(name);
      const given: Record<string, string> = { 'client-id': '3MVG9unit', username: 'ci@example.com' };
      return given[name] ?? '';
    });
    expect(sorted(read)).toEqual(sorted(INPUT_NAMES));
  });

  it('the secret inputs are declared inputs', () => {
    for (const name of SECRET_INPUTS) expect(INPUT_NAMES).toContain(name);
  });
});
