// sf's key store: core's choice of store for every platform and environment, and the exact secret-tool and
// /usr/bin/security command lines and output parsing, against a fake runner (the real keyring test is in e2e).
import { afterAll, describe, expect, it } from '@jest/globals';
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  type KeyStore,
  isExecutableForUser,
  readOrCreateKeyIn,
  selectKeyStore,
  usesGenericKeychain
} from '../../../src/sf/keychain.js';
import { type RunResult, type Runner, programSaid, runProgram } from '../../../src/sf/keychain-run.js';
import { passwordFromFindOutput } from '../../../src/sf/keychain-macos.js';
import { UserError } from '../../../src/util/errors.js';

const KEY = 'a1'.repeat(16);
const OTHER = 'b2'.repeat(16);
const LOOKUP = ['lookup', 'user', 'local', 'domain', 'sfdx'];
const STORE = ['store', "--label='salesforce.com'", 'user', 'local', 'domain', 'sfdx'];
const SEARCH = ['search', '--all', 'user', 'local', 'domain', 'sfdx'];
const FIND = ['find-generic-password', '-a', 'local', '-s', 'sfdx', '-g'];
const NO_DBUS = 'secret-tool: Cannot autolaunch D-Bus without X11 $DISPLAY\n';

interface Call {
  program: string;
  args: string[];
  input?: string;
}
type Reply = Partial<RunResult> | ((calls: Call[]) => Partial<RunResult>);

/** A runner that answers each call with the next scripted reply and records the calls. */
function fakeRunner(replies: Reply[]) {
  const calls: Call[] = [];
  const run: Runner = async (program, args, { input }) => {
    calls.push({ program, args, input });
    const reply = replies.shift();
    if (!reply) throw new Error(`unexpected call: ${program} ${args.join(' ')}`);
    return { code: 0, stdout: '', stderr: '', ...(typeof reply === 'function' ? reply(calls) : reply) };
  };
  return { run, calls };
}

const libsecret: KeyStore = { kind: 'libsecret', program: '/usr/bin/secret-tool' };
const macos: KeyStore = { kind: 'macos-keychain', program: '/usr/bin/security' };
const noFile = () => {
  throw new Error('key.json must not be used for a keyring store');
};
const inStore = (store: KeyStore, replies: Reply[], env: NodeJS.ProcessEnv = {}) => {
  const fake = fakeRunner(replies);
  return { fake, result: readOrCreateKeyIn(store, { env, fileKey: noFile, run: fake.run }) };
};
/** The key the fake store was given: libsecret's stdin, or the last word of security -i's command. */
const storedKey = (calls: Call[]) => (calls.find((c) => c.input)?.input ?? '').trim().split(' ').pop() ?? '';

describe('which key store sf uses (core keyChain.js)', () => {
  const present = () => true;
  const absent = () => false;
  const cases: Array<[string, NodeJS.ProcessEnv, boolean, KeyStore['kind']]> = [
    ['win32', {}, true, 'file'],
    ['win32', { SF_USE_GENERIC_UNIX_KEYCHAIN: 'false' }, true, 'file'],
    ['linux', {}, true, 'libsecret'],
    ['linux', {}, false, 'file'],
    ['linux', { SF_USE_GENERIC_UNIX_KEYCHAIN: 'true' }, true, 'file'],
    ['linux', { SF_USE_GENERIC_UNIX_KEYCHAIN: 'TRUE' }, true, 'file'],
    ['linux', { SF_USE_GENERIC_UNIX_KEYCHAIN: '1' }, true, 'file'],
    ['linux', { SF_USE_GENERIC_UNIX_KEYCHAIN: 'false' }, true, 'libsecret'],
    ['linux', { SF_USE_GENERIC_UNIX_KEYCHAIN: 'yes' }, true, 'libsecret'],
    ['linux', { SF_USE_GENERIC_UNIX_KEYCHAIN: '' }, true, 'libsecret'],
    ['linux', { SF_USE_GENERIC_UNIX_KEYCHAIN: 'false' }, false, 'file'],
    ['linux', { SFDX_USE_GENERIC_UNIX_KEYCHAIN: 'true' }, true, 'file'],
    ['linux', { SFDX_USE_GENERIC_UNIX_KEYCHAIN: 'false' }, true, 'libsecret'],
    ['linux', { SF_USE_GENERIC_UNIX_KEYCHAIN: '', SFDX_USE_GENERIC_UNIX_KEYCHAIN: 'true' }, true, 'file'],
    ['linux', { SF_USE_GENERIC_UNIX_KEYCHAIN: 'false', SFDX_USE_GENERIC_UNIX_KEYCHAIN: 'true' }, true, 'libsecret'],
    ['linux', { SF_USE_GENERIC_UNIX_KEYCHAIN: 'true', SFDX_USE_GENERIC_UNIX_KEYCHAIN: 'false' }, true, 'file'],
    ['linux', { USE_GENERIC_UNIX_KEYCHAIN: 'true' }, true, 'libsecret'],
    ['darwin', {}, false, 'macos-keychain'],
    ['darwin', {}, true, 'macos-keychain'],
    ['darwin', { SF_USE_GENERIC_UNIX_KEYCHAIN: 'true' }, false, 'file'],
    ['darwin', { SF_USE_GENERIC_UNIX_KEYCHAIN: 'True' }, false, 'file'],
    ['darwin', { SF_USE_GENERIC_UNIX_KEYCHAIN: 'false' }, false, 'macos-keychain'],
    ['darwin', { SFDX_USE_GENERIC_UNIX_KEYCHAIN: 'true' }, false, 'file']
  ];
  it.each(cases)('%s %j, secret-tool present: %s -> %s', (platform, env, secretTool, kind) => {
    expect(selectKeyStore(platform, env, secretTool ? present : absent).kind).toBe(kind);
  });
  it('names the programs core runs: /usr/bin/secret-tool (not PATH) or $SFDX_SECRET_TOOL_PATH, /usr/bin/security', () => {
    const asked: string[] = [];
    const check = (p: string) => {
      asked.push(p);
      return true;
    };
    expect(selectKeyStore('linux', {}, check)).toEqual({ kind: 'libsecret', program: '/usr/bin/secret-tool' });
    expect(selectKeyStore('linux', { SFDX_SECRET_TOOL_PATH: '/opt/st' }, check)).toEqual({
      kind: 'libsecret',
      program: '/opt/st'
    });
    expect(selectKeyStore('darwin', {}, check)).toEqual({ kind: 'macos-keychain', program: '/usr/bin/security' });
    expect(selectKeyStore('win32', {}, check)).toEqual({ kind: 'file' });
    expect(asked).toEqual(['/usr/bin/secret-tool', '/opt/st']);
    // An empty SFDX_SECRET_TOOL_PATH is kept (core uses ??) and names no program.
    expect(selectKeyStore('linux', { SFDX_SECRET_TOOL_PATH: '' }).kind).toBe('file');
  });
  it('has no store where core has none', () => {
    expect(() => selectKeyStore('freebsd', {}, () => true)).toThrow(UserError);
    expect(() => selectKeyStore('freebsd', {}, () => true)).toThrow(/Unsupported Operating System/);
  });
  it('reads the variable as kit does', () => {
    expect(usesGenericKeychain({ SF_USE_GENERIC_UNIX_KEYCHAIN: 'tRuE' })).toBe(true);
    expect(usesGenericKeychain({ SF_USE_GENERIC_UNIX_KEYCHAIN: ' true' })).toBe(false);
    expect(usesGenericKeychain({})).toBe(false);
  });

  const dir = mkdtempSync(join(tmpdir(), 'sfjwt-unit-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  it.each([
    ['755', true],
    ['700', true],
    ['644', false],
    ['600', false]
  ])('a program of mode %s owned by this user is executable: %s (core isExe)', (mode, expected) => {
    const file = join(dir, `p${mode}`);
    writeFileSync(file, '#!/bin/sh\n');
    chmodSync(file, Number.parseInt(mode, 8));
    expect(isExecutableForUser(file)).toBe(expected);
    expect(isExecutableForUser(join(dir, 'missing'))).toBe(false);
  });
});

describe('libsecret through secret-tool (core keyChainImpl.js linuxImpl)', () => {
  it('reads an existing key with core lookup command line and trims it', async () => {
    const { fake, result } = inStore(libsecret, [{ stdout: `${KEY}\n` }]);
    const stored = await result;
    expect(stored).toMatchObject({ key: KEY, created: false });
    expect(fake.calls).toEqual([{ program: '/usr/bin/secret-tool', args: LOOKUP, input: undefined }]);
    await stored.remove();
    expect(fake.calls).toHaveLength(1);
  });
  it.each([
    [{}, 32],
    [{ SF_CRYPTO_V2: 'true' }, 64]
  ])(
    'creates a key as sf does (env %j: %i hex chars), on stdin with a newline, after checking',
    async (env, length) => {
      const { fake, result } = inStore(
        libsecret,
        [{ code: 1 }, { stdout: '' }, { stdout: '' }, (calls) => ({ stdout: `${storedKey(calls)}\n` })],
        env
      );
      const stored = await result;
      expect(stored.created).toBe(true);
      expect(stored.key).toMatch(new RegExp(`^[0-9a-f]{${length}}$`));
      expect(fake.calls.map((c) => c.args)).toEqual([LOOKUP, SEARCH, STORE, LOOKUP]);
      expect(fake.calls[2].input).toBe(`${stored.key}\n`);
      expect(fake.calls.flatMap((c) => c.args).join(' ')).not.toContain(stored.key);
    }
  );
  it('removes only the key it created, and only while the keyring still holds it', async () => {
    const created = inStore(libsecret, [
      { code: 1 },
      {},
      {},
      (calls) => ({ stdout: storedKey(calls) }),
      (calls) => ({ stdout: storedKey(calls) }),
      {}
    ]);
    const stored = await created.result;
    await stored.remove();
    expect(created.fake.calls.slice(4).map((c) => c.args)).toEqual([
      LOOKUP,
      ['clear', 'user', 'local', 'domain', 'sfdx']
    ]);

    const replaced = inStore(libsecret, [
      { code: 1 },
      {},
      {},
      (calls) => ({ stdout: storedKey(calls) }),
      { stdout: OTHER }
    ]);
    await (await replaced.result).remove();
    expect(replaced.fake.calls.map((c) => c.args[0])).toEqual(['lookup', 'search', 'store', 'lookup', 'lookup']);
  });
  it('a failed removal says how to remove it by hand, without the key', async () => {
    const { fake, result } = inStore(libsecret, [
      { code: 1 },
      {},
      {},
      (calls) => ({ stdout: storedKey(calls) }),
      (calls) => ({ stdout: storedKey(calls) }),
      (calls) => ({ code: 1, stderr: `secret-tool: locked ${storedKey(calls)}` })
    ]);
    const err = await (await result).remove().catch((e) => e);
    expect(err).toBeInstanceOf(UserError);
    expect(err.message).toMatch(
      /could not be removed \(.*exit 1\): secret-tool: locked <key>\); remove it with `secret-tool clear user local domain sfdx`/
    );
    expect(err.message).not.toContain(storedKey(fake.calls));
  });
  it('uses the key another login stored in between, as not ours', async () => {
    const { result } = inStore(libsecret, [{ code: 1 }, {}, {}, { stdout: OTHER }]);
    expect(await result).toMatchObject({ key: OTHER, created: false });
  });
  it('without a D-Bus session: says how to fix it, and stores nothing', async () => {
    const { fake, result } = inStore(libsecret, [{ code: 1, stderr: NO_DBUS }]);
    const err = await result.catch((e) => e);
    expect(err).toBeInstanceOf(UserError);
    expect(err.message).toMatch(/D-Bus session bus/);
    expect(err.message).toMatch(/SF_USE_GENERIC_UNIX_KEYCHAIN=true in the environment of both/);
    expect(err.message).toMatch(/Nothing was written\.$/);
    expect(fake.calls).toHaveLength(1);
  });
  it.each([
    ['secret-tool: The name org.freedesktop.secrets was not provided by any .service files', /gnome-keyring-daemon/],
    ['secret-tool: Could not connect: No such file or directory', /D-Bus session bus/],
    ['secret-tool: Object does not exist at path “/org/freedesktop/secrets/collection/login”', /"Login" keyring/],
    ['secret-tool: Cannot create an item in a locked collection', /keyring is locked/]
  ])('names the fix for "%s"', async (stderr, fix) => {
    const { result } = inStore(libsecret, [{ code: 1, stderr }]);
    await expect(result).rejects.toThrow(fix);
  });
  it('a locked keyring (lookup silent, search lists the entry) stops before a store could replace the key', async () => {
    const listed = '[/org/freedesktop/secrets/collection/login/1]\nlabel = \nattribute.gkr:compat:hashed:user = f5\n';
    const { fake, result } = inStore(libsecret, [{ code: 1 }, { stdout: listed, stderr: 'locked object' }]);
    await expect(result).rejects.toThrow(/exists and cannot be read\. The keyring is locked/);
    expect(fake.calls.map((c) => c.args)).toEqual([LOOKUP, SEARCH]);
  });
  it('a failed store says why, without the key', async () => {
    const { fake, result } = inStore(libsecret, [
      { code: 1 },
      {},
      (calls) => ({ code: 1, stderr: `secret-tool: Cannot create an item in a locked collection ${calls[2].input}` })
    ]);
    const err = await result.catch((e) => e);
    expect(err.message).toMatch(/exit 1.*locked collection <key>.*unlock it/);
    expect(err.message).not.toContain(storedKey(fake.calls));
  });
  it('retries "invalid or unencryptable secret" 3 times, as core', async () => {
    const flaky = { code: 1, stderr: 'secret-tool: invalid or unencryptable secret' };
    await expect(inStore(libsecret, [flaky, flaky, flaky, { stdout: KEY }]).result).resolves.toMatchObject({
      key: KEY
    });
    await expect(inStore(libsecret, [flaky, flaky, flaky, flaky]).result).rejects.toThrow(/unencryptable/);
  });
  it.each([
    [{ code: 0, stdout: 'not-a-key\n' }, /holds no sf key/],
    [{ code: null, failure: 'timeout' as const }, /did not answer within 120 s/],
    [{ code: null, failure: 'missing' as const }, /secret-tool was not found/],
    [{ code: 2, stderr: 'usage: secret-tool lookup\u001b[2J' }, /failed \(exit 2\): usage: secret-tool lookup \[2J\./]
  ])('refuses %j', async (reply, message) => {
    await expect(inStore(libsecret, [reply]).result).rejects.toThrow(message);
  });
});

describe('macOS login Keychain through /usr/bin/security (core keyChainImpl.js darwinImpl)', () => {
  const found = (key: string) => ({
    stdout: 'keychain: "/Users/me/Library/Keychains/login.keychain-db"\nclass: "genp"\n    "acct"<blob>="local"\n',
    stderr: `password: "${key}"\n`
  });
  const notFound = {
    code: 44,
    stderr: 'security: SecKeychainSearchCopyNext: The specified item could not be found in the keychain.\n'
  };
  it('parses the password as core does: the first quoted text on stderr, when it mentions "password"', () => {
    expect(passwordFromFindOutput(`password: "${KEY}"\n`)).toBe(KEY);
    expect(passwordFromFindOutput('password: 0x41  "A"\n')).toBe('A');
    expect(passwordFromFindOutput('password: \n')).toBeUndefined();
    expect(passwordFromFindOutput(`"${KEY}"`)).toBeUndefined();
  });
  it('reads an existing key with core find command line', async () => {
    const { fake, result } = inStore(macos, [found(KEY)]);
    expect(await result).toMatchObject({ key: KEY, created: false });
    expect(fake.calls).toEqual([{ program: '/usr/bin/security', args: FIND, input: undefined }]);
  });
  it("adds a new key with core's command, sent on stdin of security -i, then reads it back", async () => {
    const { fake, result } = inStore(macos, [notFound, { stdout: 'security> ' }, (calls) => found(storedKey(calls))]);
    const stored = await result;
    expect(stored.created).toBe(true);
    expect(stored.key).toMatch(/^[0-9a-f]{32}$/);
    expect(fake.calls.map((c) => c.args)).toEqual([FIND, ['-i'], FIND]);
    expect(fake.calls[1].input).toBe(`add-generic-password -a local -s sfdx -w ${stored.key}\n`);
    expect(fake.calls.flatMap((c) => c.args).join(' ')).not.toContain(stored.key);
  });
  it('removes the item it added with delete-generic-password', async () => {
    const { fake, result } = inStore(macos, [
      notFound,
      {},
      (calls) => found(storedKey(calls)),
      (calls) => found(storedKey(calls)),
      {}
    ]);
    await (await result).remove();
    expect(fake.calls.slice(3).map((c) => c.args)).toEqual([
      FIND,
      ['delete-generic-password', '-a', 'local', '-s', 'sfdx']
    ]);
  });
  it('an add that stored nothing says so, without the key', async () => {
    const { fake, result } = inStore(macos, [
      notFound,
      (calls) => ({
        stderr: `security: SecKeychainItemCreateFromContent: User interaction is not allowed. ${calls[1].input}`
      }),
      notFound
    ]);
    const err = await result.catch((e) => e);
    expect(err.message).toMatch(/is still missing after \/usr\/bin\/security stored a new key \(.*not allowed/);
    expect(err.message).not.toContain(storedKey(fake.calls));
  });
  it.each([
    [128, /prompt was canceled/],
    [36, /security unlock-keychain/],
    [51, /failed \(exit 51\)/]
  ])('exit %i is no "not found": it stops with the fix, adding nothing', async (code, message) => {
    const { fake, result } = inStore(macos, [{ code, stderr: 'security: SecKeychainSearchCopyNext: failed' }]);
    const err = await result.catch((e) => e);
    expect(err).toBeInstanceOf(UserError);
    expect(err.message).toMatch(message);
    expect(err.message).toMatch(/SF_USE_GENERIC_UNIX_KEYCHAIN=true/);
    expect(fake.calls).toHaveLength(1);
  });
  it('an item with no printable password is refused', async () => {
    await expect(inStore(macos, [{ stderr: 'password: \n' }]).result).rejects.toThrow(/printed no password/);
  });
});

describe('key.json and the runner', () => {
  it('key.json is read by the state writer, with no program run', async () => {
    const fake = fakeRunner([]);
    const fileKey = () => ({ key: KEY, created: true });
    const stored = await readOrCreateKeyIn({ kind: 'file' }, { env: {}, fileKey, run: fake.run });
    expect(stored).toMatchObject({ key: KEY, created: true, store: { kind: 'file' } });
    await stored.remove();
    expect(fake.calls).toEqual([]);
  });
  it('runs a program with no shell, input on stdin, its exit code, a missing program and a timeout', async () => {
    const env = { PATH: process.env.PATH };
    expect(await runProgram('cat', [], { env, input: 'on stdin', timeoutMs: 5000 })).toEqual({
      code: 0,
      stdout: 'on stdin',
      stderr: ''
    });
    expect(await runProgram('echo', ['$HOME;', '`id`'], { env, timeoutMs: 5000 })).toMatchObject({
      stdout: '$HOME; `id`\n'
    });
    expect((await runProgram('false', [], { env, timeoutMs: 5000 })).code).toBe(1);
    expect(await runProgram('/nonexistent/secret-tool', [], { env, timeoutMs: 5000 })).toMatchObject({
      failure: 'missing'
    });
    const started = Date.now();
    expect(await runProgram('sleep', ['10'], { env, timeoutMs: 200 })).toMatchObject({ failure: 'timeout' });
    expect(Date.now() - started).toBeLessThan(5000);
  });
  it('cleans program output for a message', () => {
    expect(programSaid(`a\u001b]0;x\u0007b\n\n c ${KEY}`, KEY)).toBe('a ]0;x b c <key>');
    expect(programSaid('')).toBe('(no output)');
    expect(programSaid('x'.repeat(400))).toHaveLength(303);
  });
});
