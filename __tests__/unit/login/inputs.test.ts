// The neutral core's words about an empty required value: nothing about where the value came from (secrets, forks,
// variables are the adapter's to say), and the adapter's hint, when given, at the end.
import { describe, expect, it } from '@jest/globals';
import { parseLoginInputs, type LoginField } from '../../../src/login/inputs.js';
import { loadPrivateKey } from '../../../src/keys/private-key.js';

const GIVEN: Partial<Record<LoginField, string>> = { clientId: '3MVG9abc', username: 'ci@example.com' };
const ADAPTER_WORDS = /secret|variable|GitHub|fork|Dependabot/i;
const noMask = () => {};

describe('an empty required value', () => {
  it.each(['clientId', 'username'] as const)('%s: the core says what to set, and nothing about secrets', (empty) => {
    const read = (hint?: () => string) => () =>
      parseLoginInputs(
        (field) => (field === empty ? '  ' : GIVEN[field]),
        (field) => field,
        hint
      );
    expect(read()).toThrow(new RegExp(`^${empty} is empty: set it to .*\\)\\.$`));
    expect(read()).not.toThrow(ADAPTER_WORDS);
    expect(read(() => 'HINT')).toThrow(new RegExp(`^${empty} is empty: set it to .*\\)\\. HINT$`));
  });

  it('the key: the core says what to set; the hint, when given, comes last', () => {
    expect(() => loadPrivateKey({}, noMask, (field) => field)).toThrow(/^No private key: .*PEM file\)\.$/);
    expect(() => loadPrivateKey({ text: ' ' }, noMask, (field) => field)).not.toThrow(/from a secret, check/);
    expect(() =>
      loadPrivateKey(
        { text: ' ', file: '' },
        noMask,
        (field) => field,
        () => 'HINT'
      )
    ).toThrow(/^No private key: .*PEM file\)\. HINT$/);
  });

  it('keeps the hint with the inputs, for the key, which the login reads later', () => {
    const asked: string[] = [];
    const inputs = parseLoginInputs(
      (field) => GIVEN[field],
      (field) => field,
      (field) => {
        asked.push(field);
        return '';
      }
    );
    asked.length = 0;
    expect(() => loadPrivateKey({}, noMask, inputs.nameOf, inputs.emptyHint)).toThrow(/^No private key/);
    expect(asked).toEqual(['privateKey']);
  });
});
