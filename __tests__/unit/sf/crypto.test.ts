import { describe, expect, it } from '@jest/globals';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { cryptoVersion, decrypt, encrypt, newKey } from '../../../src/sf/crypto.js';

const _tmp = () => mkdtempSync(join(tmpdir(), 'sfjwt-unit-'));

describe('sf encryption', () => {
  it.each([
    ['v1', newKey({}), 12],
    ['v2', newKey({ SF_CRYPTO_V2: 'true' }), 24]
  ])('%s: <ivHex><cipherHex>:<tagHex>, round trip', (version, key, ivHex) => {
    expect(cryptoVersion(key)).toBe(version);
    const stored = encrypt('00Dxx0000001gPL!AQ4AQ.token', key);
    expect(stored).toMatch(new RegExp(`^[0-9a-f]{${ivHex}}[0-9a-f]+:[0-9a-f]{32}$`));
    expect(decrypt(stored, key)).toBe('00Dxx0000001gPL!AQ4AQ.token');
    expect(encrypt('same', key)).not.toBe(encrypt('same', key));
  });
  it('refuses keys of other lengths', () => {
    expect(cryptoVersion('abc')).toBeUndefined();
    expect(() => encrypt('x', 'abc')).toThrow(/neither 32 nor 64/);
  });
});
