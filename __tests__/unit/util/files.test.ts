import { describe, expect, it } from '@jest/globals';
import { mkdirSync, readFileSync, utimesSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { cryptoVersion } from '../../../src/sf/crypto.js';
import { readOrCreateKey } from '../../../src/sf/key-file.js';
import { updateJsonFile } from '../../../src/sf/state.js';
import { createFileExclusive, withFileLock } from '../../../src/util/files.js';
import { useTempDirs } from '../temp-dirs.js';

const tmp = useTempDirs();

describe('files', () => {
  it('creates key.json once, with mode 0600, even when two logins race', () => {
    const dir = tmp();
    const file = join(dir, 'key.json');
    expect(createFileExclusive(file, 'first', 0o600)).toBe(true);
    expect(createFileExclusive(file, 'second', 0o600)).toBe(false);
    expect(readFileSync(file, 'utf8')).toBe('first');
    const made = readOrCreateKey(join(dir, 'other.json'), 'linux');
    expect(made.created).toBe(true);
    expect(cryptoVersion(made.key)).toBe('v1');
  });
  it('serialises concurrent read-modify-writes so no entry is lost', async () => {
    const file = join(tmp(), 'alias.json');
    await Promise.all(
      Array.from({ length: 20 }, (_, i) => updateJsonFile(file, (c) => ({ ...c, [`a${i}`]: i }), false))
    );
    expect(Object.keys(JSON.parse(readFileSync(file, 'utf8')))).toHaveLength(20);
    expect(existsSync(`${file}.lock`)).toBe(false);
  });
  it('takes over a stale lock left by a dead process', async () => {
    const file = join(tmp(), 'config.json');
    mkdirSync(`${file}.lock`);
    const old = new Date(Date.now() - 60_000);
    utimesSync(`${file}.lock`, old, old);
    await expect(withFileLock(file, () => 'done')).resolves.toBe('done');
  });
});
