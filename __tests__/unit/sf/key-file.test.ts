import { describe, expect, it } from '@jest/globals';
import { chmodSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { readOrCreateKey } from '../../../src/sf/key-file.js';
import { useTempDirs } from '../temp-dirs.js';

const tmp = useTempDirs();

describe('key.json', () => {
  it('checks key.json mode on Linux and macOS, not on Windows (where chmod does nothing)', () => {
    const dir = tmp();
    const file = join(dir, 'key.json');
    writeFileSync(file, JSON.stringify({ account: 'local', key: 'c'.repeat(32), service: 'sfdx' }));
    chmodSync(file, 0o644);
    expect(() => readOrCreateKey(file, 'linux')).toThrow(/mode 0644/);
    expect(() => readOrCreateKey(file, 'darwin')).toThrow(/mode 0644/);
    expect(readOrCreateKey(file, 'win32')).toEqual({ key: 'c'.repeat(32), created: false });
  });
  it('refuses a key.json without an sf key, and leaves it unchanged', () => {
    const file = join(tmp(), 'key.json');
    writeFileSync(file, JSON.stringify({ key: 'not-hex' }), { mode: 0o600 });
    expect(() => readOrCreateKey(file, 'linux')).toThrow(/holds no sf key/);
  });
});
