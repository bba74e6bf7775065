// The file writers and links, folders in the way, and oversized user files: no write goes through a symbolic link
// or replaces one, a dangling link is no "file not there yet", and each case ends in one UserError naming the path.
import { describe, expect, it } from '@jest/globals';
import {
  constants,
  existsSync,
  lstatSync,
  mkdirSync,
  readFileSync,
  readdirSync,
  symlinkSync,
  writeFileSync
} from 'node:fs';
import { join } from 'node:path';
import { UserError } from '../../../src/util/errors.js';
import {
  NEW_FILE_FLAGS,
  checkWritableFolder,
  createFileExclusive,
  ensurePrivateDir,
  readJsonObject,
  readUserFile,
  writeFileAtomic
} from '../../../src/util/files.js';
import { writeSecretFile } from '../../../src/util/secret-file.js';
import { useTempDirs } from '../temp-dirs.js';

const tmp = useTempDirs('sfjwt-links-');
const isLink = (path: string) => lstatSync(path).isSymbolicLink();

/** A folder with a file `target.json` and a link `link.json` to it. */
function linked() {
  const dir = tmp();
  const target = join(dir, 'target.json');
  const link = join(dir, 'link.json');
  writeFileSync(target, '{"mine": true}');
  symlinkSync(target, link);
  return { dir, target, link };
}

describe('writing never goes through a link, nor replaces one', () => {
  it('writeFileAtomic refuses a link at the path: the link and its target stay, no temp file is left', () => {
    const { dir, target, link } = linked();
    expect(() => writeFileAtomic(link, '{}', 0o600)).toThrow(UserError);
    expect(() => writeFileAtomic(link, '{}', 0o600)).toThrow(
      new RegExp(`^${link} is a symbolic link to ${target}; this login writes no file through a link`)
    );
    expect(isLink(link)).toBe(true);
    expect(readFileSync(target, 'utf8')).toBe('{"mine": true}');
    expect(readdirSync(dir).sort()).toEqual(['link.json', 'target.json']);
  });

  it('createFileExclusive refuses a dangling link, and does not create its target', () => {
    const dir = tmp();
    const link = join(dir, 'key.json');
    symlinkSync(join(dir, 'elsewhere.json'), link);
    expect(() => createFileExclusive(link, 'key', 0o600)).toThrow(/key\.json is a symbolic link to .*elsewhere\.json/);
    expect(existsSync(join(dir, 'elsewhere.json'))).toBe(false);
    expect(readdirSync(dir)).toEqual(['key.json']);
  });

  it('writeSecretFile with replace refuses a link; without replace it never creates through one', async () => {
    const { target, link } = linked();
    await expect(writeSecretFile(link, 'secret', { replace: true })).rejects.toThrow(/is a symbolic link/);
    const dangling = join(tmp(), 'server.key');
    symlinkSync(`${dangling}.target`, dangling);
    await expect(writeSecretFile(dangling, 'secret')).rejects.toMatchObject({ code: 'EEXIST' });
    expect(existsSync(`${dangling}.target`)).toBe(false);
    expect(readFileSync(target, 'utf8')).toBe('{"mine": true}');
  });

  it('opens new files exclusively and without following a link', () => {
    expect(NEW_FILE_FLAGS & constants.O_EXCL).toBeTruthy();
    if (process.platform !== 'win32') expect(NEW_FILE_FLAGS & constants.O_NOFOLLOW).toBeTruthy();
  });
});

describe('reading', () => {
  it('follows a link to a file (a key.json from a mounted secret), but a dangling link is an error, not "no file"', () => {
    const { link, dir } = linked();
    expect(readJsonObject(link)).toEqual({ mine: true });
    const dangling = join(dir, 'gone.json');
    symlinkSync(join(dir, 'nothing.json'), dangling);
    expect(() => readJsonObject(dangling)).toThrow(
      new RegExp(`^${dangling} is a symbolic link to .*nothing\\.json, which does not exist\\. Remove the link`)
    );
    expect(readJsonObject(join(dir, 'absent.json'))).toBeUndefined();
  });

  it('readUserFile refuses a file over maxBytes before reading it, and names a dangling link', () => {
    const dir = tmp();
    const big = join(dir, 'big.pem');
    writeFileSync(big, 'x'.repeat(2000));
    expect(() => readUserFile(big, '--cert', { maxBytes: 1000, tooLarge: 'Pass the PEM itself.' })).toThrow(
      `--cert: "${big}" is 2000 bytes, more than the 1000 this input takes. Pass the PEM itself.`
    );
    expect(readUserFile(big, '--cert', { maxBytes: 2000 })).toHaveLength(2000);
    symlinkSync(join(dir, 'nothing'), join(dir, 'link.pem'));
    expect(() => readUserFile(join(dir, 'link.pem'), '--cert')).toThrow(/^--cert: .*link\.pem is a symbolic link/);
  });
});

describe('folders', () => {
  it('checkWritableFolder accepts a writable folder, one it can create, and a link to a folder', () => {
    const dir = tmp();
    checkWritableFolder(dir);
    checkWritableFolder(join(dir, 'a', 'b', 'c'));
    mkdirSync(join(dir, 'real'));
    symlinkSync(join(dir, 'real'), join(dir, 'linked'));
    checkWritableFolder(join(dir, 'linked'));
    expect(readdirSync(dir).sort()).toEqual(['linked', 'real']);
  });

  it('checkWritableFolder names a file in the way, a file where the folder belongs, and a dangling link', () => {
    const dir = tmp();
    const home = join(dir, 'home');
    writeFileSync(home, 'not a folder');
    expect(() => checkWritableFolder(join(home, '.sfdx'))).toThrow(
      new RegExp(`^Cannot create the folder ${home}/\\.sfdx: ${home} is a file, not a folder \\(ENOTDIR\\)`)
    );
    expect(() => checkWritableFolder(home)).toThrow(/home is already a file, where a folder belongs \(EEXIST\)/);
    symlinkSync(join(dir, 'gone'), join(dir, 'dangling'));
    expect(() => checkWritableFolder(join(dir, 'dangling', 'sub'))).toThrow(/dangling is a symbolic link to .*gone/);
    expect(readFileSync(home, 'utf8')).toBe('not a folder');
  });

  it('ensurePrivateDir fails with the message for the path, not a raw ENOTDIR', () => {
    const dir = tmp();
    writeFileSync(join(dir, 'runner_temp'), '');
    const folder = join(dir, 'runner_temp', 'sf-jwt-login-1');
    expect(() => ensurePrivateDir(folder)).toThrow(UserError);
    expect(() => ensurePrivateDir(folder)).toThrow(/runner_temp is a file, not a folder \(ENOTDIR\)/);
  });
});
