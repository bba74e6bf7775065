// action.yml's `default:` values are the constants the core and the command line use: one fact, held in one place.
import { describe, expect, it } from '@jest/globals';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { ACTION_DEFAULTS } from '../../../src/action/inputs.js';
import { LOGIN_INPUT_NAMES as INPUT_NAMES } from '../../../src/action/input-names.js';
import { LOGIN_OPTIONS } from '../../../src/cli/login-options.js';
import { LOGIN_DEFAULTS } from '../../../src/login/defaults.js';
import type { LoginField } from '../../../src/login/inputs.js';
import { repoRoot } from '../../../test-support/runner.mjs';

const action = parse(readFileSync(join(repoRoot, 'action.yml'), 'utf8')) as {
  inputs: Record<string, { default?: string }>;
};
const yamlDefaults = Object.fromEntries(
  Object.entries(action.inputs)
    .filter(([, input]) => input.default !== undefined)
    .map(([name, input]) => [name, input.default])
);

describe('defaults', () => {
  it("action.yml's defaults are the login's and the action's constants, and nothing else", () => {
    const fromConstants = {
      ...Object.fromEntries(
        Object.entries(LOGIN_DEFAULTS).map(([field, value]) => [INPUT_NAMES[field as LoginField], String(value)])
      ),
      ...Object.fromEntries(Object.entries(ACTION_DEFAULTS).map(([name, value]) => [name, String(value)]))
    };
    expect(yamlDefaults).toEqual(fromConstants);
  });

  it("the command line's login options default to the same constants", () => {
    for (const [field, value] of Object.entries(LOGIN_DEFAULTS)) {
      const row = LOGIN_OPTIONS.find((r) => r.field === field);
      expect([field, row?.default]).toEqual([field, value]);
    }
  });

  it('every action input of a login field exists in action.yml', () => {
    for (const name of Object.values(INPUT_NAMES)) expect(Object.keys(action.inputs)).toContain(name);
  });
});
