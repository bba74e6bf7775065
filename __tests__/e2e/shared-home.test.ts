// Issue 12 §1 and §5, through the built dist/ (the real sf reads the results in sf-cli-shared.test.ts): defaults go
// only into sf's config files, a project-local config that shadows them is named with the fix, and a command-line
// login that fails after its token was issued revokes it and puts back what it wrote.
import { describe, expect, it } from '@jest/globals';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { makeUser } from '../../test-support/salesforce-stub.mjs';
import { useStub } from '../../test-support/stub-suite.mjs';
import { Job, filesUnder, repoRoot, runProcess } from '../../test-support/runner.mjs';

const CLIENT_ID = '3MVG9e2e.shared';
const user = makeUser('ci@shared.example.com', { isDevHub: true });

const suite = useStub(CLIENT_ID, [user], { alias: 'hub', 'set-default': 'true', 'set-default-dev-hub': 'true' });
const inputs = (over: Record<string, string> = {}) => suite.inputs(over);

/** A project with its own sf config that sets both defaults, in the sf file and the legacy sfdx file. */
function projectWithLocalConfig(root: string): { sfFile: string; sfdxFile: string } {
  writeFileSync(join(root, 'sfdx-project.json'), JSON.stringify({ packageDirectories: [{ path: 'force-app' }] }));
  mkdirSync(join(root, '.sf'), { recursive: true });
  mkdirSync(join(root, '.sfdx'), { recursive: true });
  const sfFile = join(root, '.sf', 'config.json');
  const sfdxFile = join(root, '.sfdx', 'sfdx-config.json');
  writeFileSync(sfFile, JSON.stringify({ 'target-org': 'project-org' }));
  writeFileSync(sfdxFile, JSON.stringify({ defaultdevhubusername: 'project-hub' }));
  return { sfFile, sfdxFile };
}

describe('defaults a later sf command can change (issue 12 §1)', () => {
  it('exports no SF_TARGET_ORG or SF_TARGET_DEV_HUB: the defaults are in the config files only', async () => {
    const job = new Job();
    const step = await job.runStep(inputs());
    expect(step.code).toBe(0);
    expect(step.exportedEnv).toEqual({ SF_USE_GENERIC_UNIX_KEYCHAIN: 'true' });
    expect(readFileSync(join(job.home, '.sf', 'config.json'), 'utf8')).toBe(
      `${JSON.stringify({ 'target-org': 'hub', 'target-dev-hub': 'hub' }, null, 2)}\n`
    );
    expect(step.stdout).not.toMatch(/outranks/);
  });

  it("warns when the workspace's own sf config shadows a default, naming the file and the fix", async () => {
    const job = new Job();
    const { sfFile, sfdxFile } = projectWithLocalConfig(job.workspace);
    const step = await job.runStep(inputs());
    expect(step.code).toBe(0);
    const warnings = step.stdout.split('\n').filter((l) => l.startsWith('::warning::') && l.includes('outranks'));
    expect(warnings).toEqual([
      `::warning::sf-jwt-login: ${sfFile} sets target-org to project-org, which outranks the target-org this login ` +
        'set in your home folder for every sf command run in this project. Run `sf config unset target-org` in the ' +
        'project (or remove "target-org" from that file) to use this login\'s org there.',
      `::warning::sf-jwt-login: ${sfdxFile} sets defaultdevhubusername to project-hub, which outranks the ` +
        'target-dev-hub this login set in your home folder for every sf command run in this project. Run `sf config ' +
        'unset target-dev-hub` in the project (or remove "defaultdevhubusername" from that file) to use this login\'s ' +
        'org there.'
    ]);
  });

  it('says nothing of a project config for a default it did not set', async () => {
    const job = new Job();
    projectWithLocalConfig(job.workspace);
    const step = await job.runStep(inputs({ 'set-default': 'false', 'set-default-dev-hub': 'false' }));
    expect(step.code).toBe(0);
    expect(step.stdout).not.toMatch(/outranks/);
  });
});

describe('the command line on a shared HOME', () => {
  const distCli = join(repoRoot, 'dist', 'cli.js');
  const cli = (args: string[], home: string, cwd = home) =>
    runProcess(process.execPath, [distCli, ...args], {
      env: { PATH: process.env.PATH ?? '', HOME: home, USERPROFILE: home, SF_USE_GENERIC_UNIX_KEYCHAIN: 'true' },
      cwd,
      timeoutMs: 60_000
    });
  const keyFile = (home: string) => {
    const path = join(home, 'server.key');
    writeFileSync(path, suite.keys.pkcs8, { mode: 0o600 });
    return path;
  };
  const args = (home: string) => ['login', '-i', CLIENT_ID, '-f', keyFile(home), '-o', user.username, '-r', suite.url];

  it('warns of a shadowing project config from a subfolder of the project, as sf finds it', async () => {
    const home = mkdtempSync(join(tmpdir(), 'sfjwt-shared-'));
    const project = join(home, 'work', 'project');
    mkdirSync(join(project, 'force-app', 'main'), { recursive: true });
    const { sfFile } = projectWithLocalConfig(project);
    const r = await cli([...args(home), '-s'], home, join(project, 'force-app', 'main'));
    expect(r.code).toBe(0);
    expect(r.stderr).toContain(`warning: ${sfFile} sets target-org to project-org, which outranks the target-org`);
  });

  it('a login that fails after the token was issued (a corrupt config file) revokes it and leaves no state', async () => {
    const home = mkdtempSync(join(tmpdir(), 'sfjwt-shared-'));
    mkdirSync(join(home, '.sf'));
    writeFileSync(join(home, '.sf', 'config.json'), '{ not json');
    const aliveBefore = new Set(suite.stub.tokens.keys());
    const r = await cli([...args(home), '-a', 'hub', '-s'], home);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/error: .*config\.json is not a valid JSON object/);
    expect(r.stderr).toContain('Rolled back: revoked the access token.');
    expect(suite.stub.requests.filter((q) => q.outcome === 'token')).toHaveLength(1);
    expect([...suite.stub.tokens.keys()].filter((token) => !aliveBefore.has(token))).toEqual([]);
    expect(suite.stub.revoked.size).toBeGreaterThan(0);
    expect(existsSync(join(home, '.sfdx', `${user.username}.json`))).toBe(false);
    expect(filesUnder(join(home, '.sf')).sort()).toEqual([join(home, '.sf', 'config.json')]);
  });
});
