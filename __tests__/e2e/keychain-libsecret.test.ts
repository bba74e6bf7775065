// sf's libsecret key store for real: a private D-Bus session bus (a unix socket in a temp folder, so it works in
// the loopback-only network namespace too) with an unlocked gnome-keyring, HOME and the XDG folders in that temp
// folder, the real secret-tool, and the real @salesforce/core in child processes (SF_USE_GENERIC_UNIX_KEYCHAIN
// unset, so core picks libsecret). Then the built command line's `login` on such a desktop, against the stub: its
// sf state read by the real core (and the real sf where it may run) in the same environment. Skips itself when
// script/ci-packages has not installed the Debian packages.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readOrCreateKeyIn, selectKeyStore } from '../../src/sf/keychain.js';
import { decrypt, encrypt } from '../../src/sf/crypto.js';
import { UserError } from '../../src/util/errors.js';
import { repoRoot, runProcess } from '../../test-support/runner.mjs';
import { type SalesforceStub, makeUser, startStub } from '../../test-support/salesforce-stub.mjs';
import { sfBin } from '../../test-support/sf-env.mjs';

const SECRET_TOOL = '/usr/bin/secret-tool';
const TOOLS = [SECRET_TOOL, '/usr/bin/dbus-daemon', '/usr/bin/dbus-send', '/usr/bin/gnome-keyring-daemon'];
const missing = TOOLS.filter((t) => !existsSync(t));
const CORE_CRYPTO = join(repoRoot, 'node_modules/@salesforce/core/lib/crypto/crypto.js');
const ATTRS = ['user', 'local', 'domain', 'sfdx'];
const TOKEN = '00Dxx0000001gPL!AQ4AQ.keyring-token';

const suite = missing.length ? describe.skip : describe;
if (missing.length)
  console.warn(`keychain-libsecret: skipped, ${missing.join(', ')} missing: run script/ci-packages as root`);
const title = missing.length
  ? `sf's libsecret key store (SKIPPED: ${missing.join(', ')} missing; run script/ci-packages as root)`
  : "sf's libsecret key store, with a real keyring and the real @salesforce/core";

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

suite(title, () => {
  let tmp = '';
  let env: NodeJS.ProcessEnv = {};
  let bus: ChildProcess | undefined;
  let keyring: ChildProcess | undefined;

  /** A session environment under `root`: nothing of the machine's own session, no DISPLAY, no generic keychain. */
  const sessionEnv = (root: string, busAddress?: string): NodeJS.ProcessEnv => {
    const home = join(root, 'home');
    const run = join(root, 'run');
    mkdirSync(home, { recursive: true });
    mkdirSync(run, { recursive: true, mode: 0o700 });
    return {
      PATH: process.env.PATH,
      HOME: home,
      XDG_RUNTIME_DIR: run,
      XDG_DATA_HOME: join(home, '.local/share'),
      XDG_CONFIG_HOME: join(home, '.config'),
      XDG_CACHE_HOME: join(home, '.cache'),
      SF_DISABLE_LOG_FILE: 'true',
      SF_DISABLE_TELEMETRY: 'true',
      ...(busAddress ? { DBUS_SESSION_BUS_ADDRESS: busAddress } : {})
    };
  };
  const secretTool = (args: string[], input?: string, e = env) =>
    spawnSync(SECRET_TOOL, args, { env: e, input, encoding: 'utf8', timeout: 20_000 });
  const ours = (e = env) =>
    readOrCreateKeyIn(selectKeyStore('linux', e), {
      env: e,
      fileKey: () => {
        throw new Error('key.json must not be used: sf uses the keyring here');
      },
      timeoutMs: 20_000
    });
  /** The real core, in its own process (its key cache and crypto version are per process). */
  const core = (
    op: 'encrypt' | 'decrypt',
    value: string,
    e = env
  ): { ok?: string; error?: string; message?: string } => {
    const script = `
      const { Crypto } = require(process.argv[1]);
      Crypto.create().then(
        (c) => process.stdout.write(JSON.stringify({ ok: process.argv[2] === 'decrypt' ? c.decrypt(process.argv[3]) : c.encrypt(process.argv[3]) })),
        (e) => process.stdout.write(JSON.stringify({ error: e.name, message: e.message })));`;
    const r = spawnSync(process.execPath, ['-e', script, CORE_CRYPTO, op, value], {
      env: e,
      encoding: 'utf8',
      timeout: 30_000
    });
    if (!r.stdout) throw new Error(`core did not answer (exit ${r.status}): ${r.stderr}`);
    return JSON.parse(r.stdout);
  };
  const secretsServiceUp = () =>
    /boolean true/.test(
      spawnSync(
        'dbus-send',
        [
          '--session',
          '--print-reply',
          '--dest=org.freedesktop.DBus',
          '/org/freedesktop/DBus',
          'org.freedesktop.DBus.NameHasOwner',
          'string:org.freedesktop.secrets'
        ],
        { env, encoding: 'utf8', timeout: 5000 }
      ).stdout ?? ''
    );
  const stop = async (child: ChildProcess | undefined) => {
    if (!child || child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise((r) => child.once('exit', r));
    child.kill('SIGTERM');
    const grace = new Promise((r) => setTimeout(r, 3000).unref()).then(() => false);
    if (await Promise.race([exited.then(() => true), grace])) return;
    child.kill('SIGKILL');
    await exited;
  };
  /** gnome-keyring-daemon in the foreground as our child, unlocked with a password on stdin or left locked. */
  const startKeyring = async (unlock: boolean) => {
    await stop(keyring);
    const args = unlock ? ['--unlock'] : ['--start'];
    keyring = spawn('gnome-keyring-daemon', [...args, '--foreground', '--components=secrets'], {
      env,
      stdio: ['pipe', 'ignore', 'ignore']
    });
    keyring.stdin?.end(unlock ? 'keyring-test-password' : '');
    for (let i = 0; i < 100 && !secretsServiceUp(); i++) await sleep(100);
    if (!secretsServiceUp()) throw new Error('gnome-keyring-daemon did not come up on the test bus');
  };

  beforeAll(async () => {
    tmp = mkdtempSync(join(tmpdir(), 'sfjwt-keyring-'));
    const socket = join(tmp, 'bus');
    // No service files: nothing is started on demand, so every process on this bus is one we started.
    writeFileSync(
      join(tmp, 'bus.conf'),
      `<busconfig><type>session</type><listen>unix:path=${socket}</listen><auth>EXTERNAL</auth>
       <policy context="default"><allow send_destination="*" eavesdrop="true"/><allow eavesdrop="true"/>
       <allow own="*"/></policy></busconfig>\n`
    );
    env = sessionEnv(tmp, `unix:path=${socket}`);
    bus = spawn(
      'dbus-daemon',
      [`--config-file=${join(tmp, 'bus.conf')}`, '--nofork', '--nopidfile', '--print-address=1'],
      {
        stdio: ['ignore', 'pipe', 'ignore']
      }
    );
    const started = bus;
    await new Promise<void>((resolve, reject) => {
      started.stdout?.once('data', () => resolve());
      started.once('exit', (code) => reject(new Error(`dbus-daemon exited (${code})`)));
    });
    await startKeyring(true);
  }, 30_000);

  afterAll(async () => {
    await stop(keyring);
    await stop(bus);
    if (tmp) rmSync(tmp, { recursive: true, force: true });
  });

  it('is the store core picks on this machine with the variable unset', () => {
    expect(selectKeyStore('linux', env)).toEqual({ kind: 'libsecret', program: SECRET_TOOL });
    expect(selectKeyStore('linux', { ...env, SF_USE_GENERIC_UNIX_KEYCHAIN: 'true' })).toEqual({ kind: 'file' });
  });

  it('(a) our module creates the key in the keyring as core would store it, reads it again, and can remove it', async () => {
    secretTool(['clear', ...ATTRS]);
    const first = await ours();
    expect(first.created).toBe(true);
    expect(first.key).toMatch(/^[0-9a-f]{32}$/);
    // The entry holds exactly what core's store writes: the key and a newline.
    expect(secretTool(['lookup', ...ATTRS]).stdout).toBe(`${first.key}\n`);
    expect(secretTool(['search', ...ATTRS]).stdout).toContain("label = 'salesforce.com'");
    const again = await ours();
    expect(again).toMatchObject({ key: first.key, created: false });
    await again.remove();
    expect(secretTool(['lookup', ...ATTRS]).stdout).toBe(`${first.key}\n`);
    await first.remove();
    expect(secretTool(['lookup', ...ATTRS])).toMatchObject({ status: 1, stdout: '' });
    expect(existsSync(join(env.HOME as string, '.sfdx', 'key.json'))).toBe(false);
  });

  it('(b) the real core decrypts what we encrypted with our key, and we decrypt with the key core created', async () => {
    secretTool(['clear', ...ATTRS]);
    const { key } = await ours();
    expect(core('decrypt', encrypt(TOKEN, key))).toEqual({ ok: TOKEN });
    expect(secretTool(['lookup', ...ATTRS]).stdout.trim()).toBe(key);

    for (const v2 of [false, true]) {
      secretTool(['clear', ...ATTRS]);
      const coreEnv = v2 ? { ...env, SF_CRYPTO_V2: 'true' } : env;
      const encrypted = core('encrypt', TOKEN, coreEnv);
      expect(encrypted.ok).toMatch(/^[0-9a-f]+:[0-9a-f]{32}$/);
      const read = await ours();
      expect(read.created).toBe(false);
      expect(read.key).toHaveLength(v2 ? 64 : 32);
      expect(decrypt(encrypted.ok as string, read.key)).toBe(TOKEN);
    }
    expect(existsSync(join(env.HOME as string, '.sfdx', 'key.json'))).toBe(false);
  });

  it('(c) secret-tool present but no D-Bus session: a clear error and nothing written; core fails there too', async () => {
    const noBus = sessionEnv(join(tmp, 'no-bus'));
    expect(selectKeyStore('linux', noBus).kind).toBe('libsecret');
    const err = await ours(noBus).catch((e) => e);
    expect(err).toBeInstanceOf(UserError);
    expect(err.message).toMatch(/Cannot autolaunch D-Bus without X11 \$DISPLAY/);
    expect(err.message).toMatch(/set SF_USE_GENERIC_UNIX_KEYCHAIN=true in the environment of both/);
    expect(err.message).toMatch(/Nothing was written\.$/);
    expect(readdirSync(noBus.HOME as string)).toEqual([]);
    // core: lookup exit 1 is "no key" to it, so it stores a new one, which fails the same way.
    expect(core('encrypt', TOKEN, noBus)).toMatchObject({
      error: 'SetCredentialError',
      message: expect.stringContaining('Cannot autolaunch D-Bus')
    });
  });

  it('(d) a locked keyring: a clear error, and sf key stays as it was', async () => {
    secretTool(['clear', ...ATTRS]);
    const { key } = await ours();
    await startKeyring(false);
    expect(secretTool(['lookup', ...ATTRS])).toMatchObject({ status: 1, stdout: '' });
    await expect(ours()).rejects.toThrow(/exists and cannot be read\. The keyring is locked/);
    // core, for comparison: takes the silent lookup for "no key" and tries to store one, which the lock refuses.
    expect(core('encrypt', TOKEN)).toMatchObject({ error: 'SetCredentialError' });
    await startKeyring(true);
    expect(secretTool(['lookup', ...ATTRS]).stdout).toBe(`${key}\n`);
  }, 30_000);
  describe("the command line's login on this desktop: the key in libsecret, where sf looks for it", () => {
    const CLIENT_ID = '3MVG9e2e.keyring';
    const user = makeUser('ci@keyring.example.com', { isDevHub: true, orgName: 'Keyring' });
    let stub: SalesforceStub | undefined;
    let url = '';
    let keyFile = '';

    beforeAll(async () => {
      const started = await startStub(CLIENT_ID, [user]);
      ({ stub, url } = started);
      keyFile = join(tmp, 'server.key');
      writeFileSync(keyFile, started.keys.pkcs8, { mode: 0o600 });
    });
    afterAll(() => stub?.stop());

    const home = (e = env) => e.HOME as string;
    const fresh = (e = env) => {
      secretTool(['clear', ...ATTRS], undefined, e);
      for (const dir of ['.sfdx', '.sf']) rmSync(join(home(e), dir), { recursive: true, force: true });
    };
    /** dist/cli.js login in `e` (SF_USE_GENERIC_UNIX_KEYCHAIN unset), token shown so core's read can be compared. */
    const login = async (e = env, extra: string[] = []) => {
      const args = ['login', '-i', CLIENT_ID, '-f', keyFile, '-o', user.username, '-r', url, '-a', 'hub'];
      const r = await runProcess(process.execPath, [join(repoRoot, 'dist', 'cli.js'), ...args, ...extra], {
        env: e,
        cwd: home(e),
        timeoutMs: 60_000
      });
      return { ...r, result: r.code === 0 ? JSON.parse(r.stdout).result : undefined };
    };
    const readWithCore = async (e = env) => {
      const reader = join(repoRoot, 'test-support', 'core-reader.cjs');
      const args = JSON.stringify({ username: user.username, alias: 'hub' });
      const r = await runProcess(process.execPath, [reader, args], { env: e, cwd: home(e), timeoutMs: 60_000 });
      return JSON.parse(r.stdout || '{}');
    };
    const keyring = () => secretTool(['lookup', ...ATTRS]);

    it('(e) stores a new key in the keyring, no key.json; the real core (and sf) read the org with it', async () => {
      fresh();
      const r = await login(env, ['--json', '--show-token']);
      expect(r.stderr).not.toMatch(/^error/m);
      expect(r.code).toBe(0);
      expect(keyring().stdout).toMatch(/^[0-9a-f]{32}\n$/);
      expect(existsSync(join(home(), '.sfdx', 'key.json'))).toBe(false);
      const core = await readWithCore();
      expect(core.error).toBeUndefined();
      expect(core).toMatchObject({ accessToken: r.result.accessToken, aliasTarget: user.username, isJwt: true });
      if (sfBin) {
        // The real sf decrypts the token with the keyring's key and uses it: no new login.
        const before = stub?.tokenRequests().length;
        const query = ['data', 'query', '--query', 'SELECT Id FROM Organization', '--target-org', 'hub', '--json'];
        const sf = await runProcess(sfBin, query, {
          env: { ...env, SF_DISABLE_TELEMETRY: 'true', SF_DISABLE_AUTOUPDATE: 'true' },
          cwd: home(),
          timeoutMs: 120_000
        });
        expect(JSON.parse(sf.stdout).result.records[0].Id).toBe(user.orgId);
        expect(stub?.tokenRequests().length).toBe(before);
      }
    }, 180_000);

    it('(f) uses the key sf already keeps there, unchanged', async () => {
      fresh();
      expect(core('encrypt', TOKEN).ok).toBeDefined(); // core makes its key, as a first sf login would
      const before = keyring().stdout;
      const r = await login(env, ['--json', '--show-token']);
      expect(r.code).toBe(0);
      expect(keyring().stdout).toBe(before);
      expect((await readWithCore()).accessToken).toBe(r.result.accessToken);
    }, 60_000);

    it('(g) takes the key it stored out again when the auth file cannot be written', async () => {
      fresh();
      const sfdx = join(home(), '.sfdx');
      mkdirSync(sfdx, { recursive: true, mode: 0o700 });
      const other = join(sfdx, `${user.username}.json`);
      writeFileSync(other, JSON.stringify({ username: 'someone@else.example.com' }), { mode: 0o600 });
      const r = await login();
      expect(r.code).toBe(1);
      expect(r.stderr).toMatch(/^error: .*belongs to someone@else\.example\.com, not ci@keyring\.example\.com/m);
      expect(keyring()).toMatchObject({ status: 1, stdout: '' });
      expect(readdirSync(sfdx)).toEqual([`${user.username}.json`]);
      expect(JSON.parse(readFileSync(other, 'utf8'))).toEqual({ username: 'someone@else.example.com' });
    }, 60_000);

    it('(h) no D-Bus session: fails with the fix before writing any sf state, and leaves no key copy', async () => {
      const noBus = sessionEnv(join(tmp, 'no-bus-cli'));
      const r = await login(noBus);
      expect(r.code).toBe(1);
      const errors = r.stderr.split('\n').filter((l) => l.startsWith('error: '));
      expect(errors).toHaveLength(1);
      expect(errors[0]).toMatch(/sf keeps its key in the libsecret keyring on this machine/);
      expect(errors[0]).toMatch(
        /set SF_USE_GENERIC_UNIX_KEYCHAIN=true in the environment of both .* Nothing was written\.$/
      );
      expect(existsSync(join(home(noBus), '.sfdx'))).toBe(false);
      expect(readdirSync(join(home(noBus), '.sf', 'sf-jwt-login'))).toEqual([]);
    }, 60_000);
  });
});
