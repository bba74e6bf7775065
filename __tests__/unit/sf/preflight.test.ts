// The checks before the token request: each file system problem of a HOME, ~/.sfdx, the key folder or a link where
// sf state goes is one UserError naming the path and the fix, and the check itself creates and changes nothing.
import { describe, expect, it } from '@jest/globals';
import { mkdirSync, readdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { type WritePlan, checkSfStateWritable } from '../../../src/sf/preflight.js';
import { UserError } from '../../../src/util/errors.js';
import { useTempDirs } from '../temp-dirs.js';

const tmp = useTempDirs('sfjwt-preflight-');

function plan(root: string, over: Partial<WritePlan> = {}): WritePlan {
  return {
    home: join(root, 'home'),
    username: 'ci@example.com',
    alias: '',
    setDefault: false,
    setDefaultDevHub: false,
    keyCopyDir: join(root, 'runner_temp', 'sf-jwt-login-1'),
    ...over
  };
}

/** Everything under `dir`, to show that a check changed nothing. */
const listing = (dir: string) => readdirSync(dir, { recursive: true }).map(String).sort();

describe('checkSfStateWritable', () => {
  it('passes on an empty HOME and on one with sf state, and creates nothing', () => {
    const root = tmp();
    mkdirSync(join(root, 'home'));
    checkSfStateWritable(plan(root, { alias: 'hub', setDefault: true }));
    mkdirSync(join(root, 'home', '.sfdx'));
    writeFileSync(join(root, 'home', '.sfdx', 'ci@example.com.json'), '{}');
    checkSfStateWritable(plan(root));
    expect(listing(root)).toEqual(['home', 'home/.sfdx', 'home/.sfdx/ci@example.com.json']);
  });

  it.each<[string, (root: string) => void, Partial<WritePlan>, RegExp]>([
    [
      'HOME is a file',
      (root) => writeFileSync(join(root, 'home'), ''),
      {},
      /^Cannot create the folder .*home\/\.sfdx: .*home is a file, not a folder \(ENOTDIR\)/
    ],
    [
      '~/.sfdx is a file',
      (root) => {
        mkdirSync(join(root, 'home'));
        writeFileSync(join(root, 'home', '.sfdx'), '');
      },
      {},
      /^Cannot create the folder .*home\/\.sfdx: .*\.sfdx is already a file, where a folder belongs \(EEXIST\)/
    ],
    [
      'RUNNER_TEMP is a file',
      (root) => writeFileSync(join(root, 'runner_temp'), ''),
      {},
      /^Cannot create the folder .*runner_temp\/sf-jwt-login-1: .*runner_temp is a file, not a folder/
    ],
    [
      'key.json is a dangling link',
      (root) => {
        mkdirSync(join(root, 'home', '.sfdx'), { recursive: true });
        symlinkSync(join(root, 'gone.json'), join(root, 'home', '.sfdx', 'key.json'));
      },
      {},
      /^.*\.sfdx\/key\.json is a symbolic link to .*gone\.json, which does not exist\. Remove the link/
    ],
    [
      'the auth file is a link',
      (root) => {
        mkdirSync(join(root, 'home', '.sfdx'), { recursive: true });
        writeFileSync(join(root, 'elsewhere.json'), '{}');
        symlinkSync(join(root, 'elsewhere.json'), join(root, 'home', '.sfdx', 'ci@example.com.json'));
      },
      {},
      /ci@example\.com\.json is a symbolic link to .*elsewhere\.json; this login writes no file through a link/
    ],
    [
      'alias.json is a link, with an alias to write',
      (root) => {
        mkdirSync(join(root, 'home', '.sfdx'), { recursive: true });
        symlinkSync(join(root, 'x'), join(root, 'home', '.sfdx', 'alias.json'));
      },
      { alias: 'hub' },
      /alias\.json is a symbolic link/
    ],
    [
      '~/.sf/config.json is a link, with a default to set',
      (root) => {
        mkdirSync(join(root, 'home', '.sf'), { recursive: true });
        symlinkSync(join(root, 'x'), join(root, 'home', '.sf', 'config.json'));
      },
      { setDefaultDevHub: true },
      /\.sf\/config\.json is a symbolic link/
    ]
  ])('%s: one UserError naming the path, nothing created', (_name, prepare, over, message) => {
    const root = tmp();
    prepare(root);
    const before = listing(root);
    expect(() => checkSfStateWritable(plan(root, over))).toThrow(UserError);
    expect(() => checkSfStateWritable(plan(root, over))).toThrow(message);
    expect(listing(root)).toEqual(before);
  });

  it('reads through a key.json link to a file (a mounted secret), and ignores links it will not write', () => {
    const root = tmp();
    mkdirSync(join(root, 'home', '.sfdx'), { recursive: true });
    writeFileSync(join(root, 'key.json'), '{}');
    symlinkSync(join(root, 'key.json'), join(root, 'home', '.sfdx', 'key.json'));
    symlinkSync(join(root, 'x'), join(root, 'home', '.sfdx', 'alias.json'));
    expect(() => checkSfStateWritable(plan(root))).not.toThrow();
  });
});
