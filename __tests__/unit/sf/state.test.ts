// sf state write and undo, side by side: what writeSfState changed (as its journal recorded it, before each write),
// restoreSfState puts back exactly, and only while it is still what this login wrote.
import { describe, expect, it } from '@jest/globals';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { KEY_FILE_ENV } from '../../../src/sf/key-file.js';
import { sfPaths } from '../../../src/sf/paths.js';
import { ChangeJournal, type ChangeRecord } from '../../../src/sf/changes.js';
import { restoreSfState } from '../../../src/sf/restore.js';
import { sfEnvironment, writeSfState, type SfStateRequest } from '../../../src/sf/state.js';
import { useTempDirs } from '../temp-dirs.js';

const tmp = useTempDirs('sfjwt-state-');
const username = 'ci@example.com';

const request = (home: string, over: Partial<SfStateRequest> = {}): SfStateRequest => ({
  home,
  username,
  token: {
    accessToken: '00Dx!tok',
    instanceUrl: 'https://acme.my.salesforce.com',
    orgId: '00Dx',
    userId: '005x',
    id: ''
  },
  loginUrl: 'https://login.salesforce.com',
  clientId: '3MVG9unit',
  privateKeyPath: join(home, 'keys', 'server.key'),
  facts: { isDevHub: false },
  alias: 'ci',
  defaults: ['target-org', 'target-dev-hub'],
  ...over
});
const readJson = (file: string) => JSON.parse(readFileSync(file, 'utf8'));

/** A login through a journal; `seen` gets, at each save, the bytes the file had then (write-ahead: the old ones). */
async function loginWithJournal(home: string, over: Partial<SfStateRequest> = {}) {
  const seen: Array<{ path: string; bytesThen: string | undefined }> = [];
  const journal = new ChangeJournal(home, username, {
    save: (record) => {
      const last = record.files[record.files.length - 1];
      if (!last) return; // the key copy folder, noted first
      seen.push({ path: last.path, bytesThen: existsSync(last.path) ? readFileSync(last.path, 'utf8') : undefined });
    }
  });
  journal.willWriteKeyCopy(join(home, 'keys'));
  const changes = await writeSfState({ ...request(home), ...over, journal });
  return { changes, record: journal.record as ChangeRecord, seen };
}

describe('sf state: write, then restore', () => {
  it('puts every file back byte for byte: no auth file, the alias file as it was, no config files', async () => {
    const home = tmp();
    const paths = sfPaths(home);
    mkdirSync(paths.sfdxDir, { recursive: true });
    const aliasBefore = '{ "orgs": { "other": "other@example.com" } }\n';
    writeFileSync(paths.aliasFile, aliasBefore);
    const { changes, record, seen } = await loginWithJournal(home);
    expect(readJson(paths.aliasFile).orgs).toEqual({ other: 'other@example.com', ci: username });
    // Each save came before its write: the file still had its old bytes then.
    expect(seen.find((s) => s.path === paths.aliasFile)?.bytesThen).toBe(aliasBefore);
    expect(seen.find((s) => s.path === changes.authFile)?.bytesThen).toBeUndefined();

    const report = await restoreSfState(record, home);
    expect(existsSync(changes.authFile)).toBe(false);
    expect(readFileSync(paths.aliasFile, 'utf8')).toBe(aliasBefore);
    expect(existsSync(paths.sfConfigFile)).toBe(false);
    expect(existsSync(paths.sfdxConfigFile)).toBe(false);
    expect(report.skipped).toEqual([]);
    expect(report.restored).toContain(`put back ${paths.aliasFile}`);
    expect(existsSync(paths.keyFile)).toBe(true); // other logins may use the key
  });

  it("an earlier login's auth file of the same user is byte-identical afterwards, refresh token and all", async () => {
    const home = tmp();
    const paths = sfPaths(home);
    mkdirSync(paths.sfdxDir, { recursive: true });
    const earlier = `${JSON.stringify({ username, refreshToken: 'enc:rt', clientId: 'PlatformCLI' }, null, 4)}\n`;
    writeFileSync(paths.authFile(username), earlier, { mode: 0o600 });
    const { record } = await loginWithJournal(home);
    expect(readJson(paths.authFile(username)).refreshToken).toBeUndefined();
    await restoreSfState(record, home);
    expect(readFileSync(paths.authFile(username), 'utf8')).toBe(earlier);
  });

  it('keeps what a later step changed and says so; puts back what is still ours', async () => {
    const home = tmp();
    const paths = sfPaths(home);
    mkdirSync(paths.sfDir, { recursive: true });
    writeFileSync(paths.sfConfigFile, JSON.stringify({ 'target-dev-hub': 'old-hub' }));
    const { record } = await loginWithJournal(home);
    writeFileSync(paths.aliasFile, JSON.stringify({ orgs: { ci: 'someone-else@example.com' } }));
    writeFileSync(paths.sfConfigFile, JSON.stringify({ 'target-org': 'other', 'target-dev-hub': 'ci' }));

    const report = await restoreSfState(record, home);
    expect(readJson(paths.aliasFile).orgs).toEqual({ ci: 'someone-else@example.com' });
    expect(readJson(paths.sfConfigFile)).toEqual({ 'target-org': 'other', 'target-dev-hub': 'old-hub' });
    expect(report.skipped).toEqual([
      'left alias ci: it now names someone-else@example.com, set after this login',
      `left target-org in ${paths.sfConfigFile}: it now names other, set after this login`
    ]);
  });

  it("leaves an auth file another login rewrote (it no longer uses this login's key copy)", async () => {
    const home = tmp();
    const paths = sfPaths(home);
    const { record } = await loginWithJournal(home);
    const theirs = JSON.stringify({ username, refreshToken: 'x' });
    writeFileSync(paths.authFile(username), theirs);
    const report = await restoreSfState(record, home);
    expect(readFileSync(paths.authFile(username), 'utf8')).toBe(theirs);
    expect(report.skipped[0]).toMatch(/^left .*ci@example\.com\.json: another login rewrote it/);
  });

  it('an auth file sf refreshed (same key copy) is still ours and goes', async () => {
    const home = tmp();
    const paths = sfPaths(home);
    const { record } = await loginWithJournal(home);
    const refreshed = { ...readJson(paths.authFile(username)), accessToken: 'sf-refreshed' };
    writeFileSync(paths.authFile(username), JSON.stringify(refreshed));
    await restoreSfState(record, home);
    expect(existsSync(paths.authFile(username))).toBe(false);
  });

  it('touches no file outside the shapes a login writes, and no other home', async () => {
    const home = tmp();
    const victim = join(home, 'victim.txt');
    writeFileSync(victim, 'keep me');
    const record: ChangeRecord = {
      home,
      username,
      files: [{ path: victim, before: null, wrote: '', entries: [] }]
    };
    const report = await restoreSfState(record, home);
    expect(readFileSync(victim, 'utf8')).toBe('keep me');
    expect(report.refused).toEqual([`left ${victim}: it is no file this action writes`]);
    const elsewhere = await restoreSfState(
      { ...record, files: [{ ...record.files[0], path: sfPaths(home).aliasFile }] },
      tmp()
    );
    expect(elsewhere.restored).toEqual([]);
  });

  it('gives later sf commands key.json only: the defaults stay in the config files, where sf can change them', () => {
    expect(sfEnvironment()).toEqual({ ...KEY_FILE_ENV });
  });
});
