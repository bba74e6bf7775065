// The one table of file system failures: each errno code a user's machine can cause has a message that names the
// path and the fix, and describeFailure answers a raw Node error with it instead of "Unexpected error".
import { describe, expect, it } from '@jest/globals';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describeFailure } from '../../../src/util/errors.js';
import { type FsAction, USER_FS_CODES, blockingFile, fsErrorMessage, fsMessage } from '../../../src/util/fs-errors.js';
import { useTempDirs } from '../temp-dirs.js';

const tmp = useTempDirs('sfjwt-fserr-');

describe('fsMessage', () => {
  it.each([
    ['EACCES', 'write', /^Cannot write \/h\/\.sfdx\/a\.json: permission denied \(EACCES\)\. Make \/h\/\.sfdx writable/],
    [
      'EPERM',
      'replace',
      /^Cannot replace \/h\/\.sfdx\/a\.json: permission denied \(EPERM\)\. Make \/h\/\.sfdx writable/
    ],
    ['EACCES', 'write into', /^Cannot write into \/h\/\.sfdx\/a\.json: .*Make \/h\/\.sfdx\/a\.json writable/],
    [
      'EACCES',
      'read',
      /^Cannot read \/h\/\.sfdx\/a\.json: permission denied \(EACCES\)\. Make \/h\/\.sfdx\/a\.json readable/
    ],
    [
      'EROFS',
      'write',
      /^Cannot write \/h\/\.sfdx\/a\.json: the file system is read-only \(EROFS\)\. Mount it writable/
    ],
    ['ENOSPC', 'write', /no space left on its disk \(ENOSPC\)\. Free some space/],
    ['EDQUOT', 'write', /no space left on its disk \(EDQUOT\)/],
    ['ELOOP', 'write', /^\/h\/\.sfdx\/a\.json is a symbolic link; this login writes no file through a link/],
    ['EISDIR', 'write', /it is a folder, where a file belongs \(EISDIR\)/],
    ['ENAMETOOLONG', 'write', /the path is too long/],
    ['EIO', 'write', /^Cannot write \/h\/\.sfdx\/a\.json \(EIO\)\. Check/]
  ] as Array<[string, FsAction, RegExp]>)('%s while trying to %s', (code, action, message) => {
    const text = fsMessage(code, '/h/.sfdx/a.json', action);
    expect(text).toMatch(message);
    // Every message offers a way out.
    expect(text).toMatch(/Make|Mount|Free|Remove|Replace|Use|Check/);
  });

  it('names the file that is in the way of a folder (ENOTDIR), and the one already there (EEXIST)', () => {
    const dir = tmp();
    writeFileSync(join(dir, 'home'), '');
    expect(blockingFile(join(dir, 'home', '.sfdx', 'x.json'))).toBe(join(dir, 'home'));
    expect(blockingFile(join(dir, 'nothing', 'here'))).toBeUndefined();
    expect(fsMessage('ENOTDIR', join(dir, 'home', '.sfdx'), 'create the folder')).toBe(
      `Cannot create the folder ${join(dir, 'home', '.sfdx')}: ${join(dir, 'home')} is a file, not a folder ` +
        `(ENOTDIR). Remove or rename ${join(dir, 'home')}, or point HOME (in the action also RUNNER_TEMP) at a ` +
        'folder this user can write.'
    );
    expect(fsMessage('EEXIST', join(dir, 'home'), 'create the folder')).toMatch(
      /home is already a file, where a folder belongs \(EEXIST\)\. Remove or rename it\./
    );
  });
});

describe('fsErrorMessage and describeFailure', () => {
  it('answer the raw error of a failed mkdir with the message for its path, not "Unexpected error"', () => {
    const dir = tmp();
    writeFileSync(join(dir, 'home'), '');
    let thrown: unknown;
    try {
      mkdirSync(join(dir, 'home', '.sfdx'), { recursive: true });
    } catch (err) {
      thrown = err;
    }
    expect(fsErrorMessage(thrown)).toMatch(/^Cannot create the folder .*\.sfdx: .*home is a file, not a folder/);
    const failure = describeFailure(thrown);
    expect(failure.message).toMatch(/^Cannot create the folder/);
    expect(failure.stack).toBeUndefined();
  });

  it('leave what is not a file system failure of the machine alone', () => {
    const missing = Object.assign(new Error('ENOENT: no such file'), { code: 'ENOENT', path: '/x' });
    expect(fsErrorMessage(missing)).toBeUndefined();
    expect(fsErrorMessage(new Error('plain'))).toBeUndefined();
    expect(fsErrorMessage(Object.assign(new Error('no path'), { code: 'EACCES' }))).toBeUndefined();
    expect(describeFailure(missing).message).toMatch(/^Unexpected error: ENOENT/);
    expect(USER_FS_CODES.has('ENOENT')).toBe(false);
  });

  it('take the action from the system call', () => {
    const err = (syscall: string) => Object.assign(new Error('x'), { code: 'EACCES', path: '/h/f', syscall });
    expect(fsErrorMessage(err('mkdir'))).toMatch(/^Cannot create the folder \/h\/f:/);
    expect(fsErrorMessage(err('rename'))).toMatch(/^Cannot replace \/h\/f:/);
    expect(fsErrorMessage(err('unlink'))).toMatch(/^Cannot remove \/h\/f:/);
    expect(fsErrorMessage(err('open'))).toMatch(/^Cannot write \/h\/f:/);
    expect(fsErrorMessage(err('open'), '/other', 'read')).toMatch(/^Cannot read \/other:/);
  });
});
