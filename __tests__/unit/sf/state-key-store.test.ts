// writeSfState keeps sf's key in the store sf picks for the environment it is given (src/sf/keychain.ts): key.json
// by default and with SF_USE_GENERIC_UNIX_KEYCHAIN, a keyring otherwise. The keyring here is a fake secret-tool (a
// shell script keeping one entry in a file, named by SFDX_SECRET_TOOL_PATH as core allows), so the write, the undo
// and the refusal before writing are checked without a desktop; the real keyring has its own e2e test.
import { describe, expect, it } from '@jest/globals';
import { existsSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { decrypt } from '../../../src/sf/crypto.js';
import { sfPaths } from '../../../src/sf/paths.js';
import { writeSfState, type SfStateRequest } from '../../../src/sf/state.js';
import { useTempDirs } from '../temp-dirs.js';

const tmp = useTempDirs('sfjwt-keystore-');
const username = 'ci@example.com';
const TOKEN = '00Dx!keystore-token';

const request = (home: string, over: Partial<SfStateRequest> = {}): SfStateRequest => ({
  home,
  username,
  token: { accessToken: TOKEN, instanceUrl: 'https://acme.my.salesforce.com', orgId: '00Dx', userId: '005x', id: '' },
  loginUrl: 'https://login.salesforce.com',
  clientId: '3MVG9unit',
  privateKeyPath: join(home, 'server.key'),
  facts: {},
  defaults: [],
  platform: 'linux',
  ...over
});

/** A secret-tool that keeps the sfdx entry in <dir>/entry and logs each call's first argument to <dir>/calls. */
function fakeSecretTool(dir: string): { program: string; entry: string; calls: () => string[] } {
  const program = join(dir, 'secret-tool');
  const entry = join(dir, 'entry');
  const log = join(dir, 'calls');
  writeFileSync(
    program,
    `#!/bin/sh
echo "$1" >> '${log}'
case "$1" in
  lookup) [ -f '${entry}' ] && cat '${entry}' && exit 0; exit 1 ;;
  search) exit 0 ;;
  store) cat > '${entry}'; exit 0 ;;
  clear) rm -f '${entry}'; exit 0 ;;
esac
exit 2
`,
    { mode: 0o755 }
  );
  const calls = () => (existsSync(log) ? readFileSync(log, 'utf8').trim().split('\n') : []);
  return { program, entry, calls };
}

const authToken = (home: string, key: string) =>
  decrypt(JSON.parse(readFileSync(sfPaths(home).authFile(username), 'utf8')).accessToken, key);

// The fake keyring is a shell script.
(process.platform === 'win32' ? describe.skip : describe)('writeSfState and sf key store', () => {
  it('with no environment given (the action), key.json, as before', async () => {
    const home = tmp();
    const changes = await writeSfState(request(home));
    expect(changes.keyFileCreated).toBe(true);
    const { key } = JSON.parse(readFileSync(sfPaths(home).keyFile, 'utf8'));
    expect(authToken(home, key)).toBe(TOKEN);
  });

  it('Linux with secret-tool and the variable unset: the key goes to the keyring, no key.json', async () => {
    const home = tmp();
    const tool = fakeSecretTool(tmp());
    const changes = await writeSfState(request(home, { env: { SFDX_SECRET_TOOL_PATH: tool.program } }));
    expect(changes.keyFileCreated).toBe(false);
    expect(existsSync(sfPaths(home).keyFile)).toBe(false);
    const key = readFileSync(tool.entry, 'utf8').trim();
    expect(key).toMatch(/^[0-9a-f]{32}$/);
    expect(authToken(home, key)).toBe(TOKEN);
    // An existing keyring key is used as it is.
    await writeSfState(request(home, { env: { SFDX_SECRET_TOOL_PATH: tool.program } }));
    expect(readFileSync(tool.entry, 'utf8').trim()).toBe(key);
    expect(tool.calls().filter((c) => c === 'store')).toHaveLength(1);
  });

  it('SF_USE_GENERIC_UNIX_KEYCHAIN=true: key.json, and the keyring is not asked', async () => {
    const home = tmp();
    const tool = fakeSecretTool(tmp());
    const env = { SFDX_SECRET_TOOL_PATH: tool.program, SF_USE_GENERIC_UNIX_KEYCHAIN: 'true' };
    expect((await writeSfState(request(home, { env }))).keyFileCreated).toBe(true);
    expect(tool.calls()).toEqual([]);
  });

  it('takes out the keyring key it stored when the auth file cannot be written', async () => {
    const home = tmp();
    const tool = fakeSecretTool(tmp());
    mkdirSync(sfPaths(home).sfdxDir, { recursive: true, mode: 0o700 });
    writeFileSync(sfPaths(home).authFile(username), JSON.stringify({ username: 'other@example.com' }));
    await expect(writeSfState(request(home, { env: { SFDX_SECRET_TOOL_PATH: tool.program } }))).rejects.toThrow(
      /belongs to other@example\.com/
    );
    expect(existsSync(tool.entry)).toBe(false);
    expect(tool.calls()).toContain('clear');
  });

  it('keeps a keyring key it did not store when the auth file cannot be written', async () => {
    const home = tmp();
    const tool = fakeSecretTool(tmp());
    writeFileSync(tool.entry, `${'ab'.repeat(16)}\n`);
    mkdirSync(sfPaths(home).sfdxDir, { recursive: true, mode: 0o700 });
    writeFileSync(sfPaths(home).authFile(username), JSON.stringify({ username: 'other@example.com' }));
    await expect(writeSfState(request(home, { env: { SFDX_SECRET_TOOL_PATH: tool.program } }))).rejects.toThrow();
    expect(readFileSync(tool.entry, 'utf8')).toBe(`${'ab'.repeat(16)}\n`);
    expect(tool.calls()).not.toContain('clear');
  });

  // Only where /usr/bin/security is absent: on a Mac it would be the user's real login Keychain.
  (existsSync('/usr/bin/security') ? it.skip : it)(
    'macOS without /usr/bin/security: stops with the fix before writing anything',
    async () => {
      const home = tmp();
      const err = await writeSfState(request(home, { platform: 'darwin', env: {} })).catch((e: Error) => e);
      expect(err).toBeInstanceOf(Error);
      expect((err as Error).message).toMatch(/sf keeps its key in the macOS login Keychain/);
      expect((err as Error).message).toMatch(/SF_USE_GENERIC_UNIX_KEYCHAIN=true .* Nothing was written\.$/);
      expect(readdirSync(home)).toEqual([]);
    }
  );
});
