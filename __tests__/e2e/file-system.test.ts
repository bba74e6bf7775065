// The file system a login meets, through the built action and the built command line: a read-only ~/.sfdx or ~/.sf
// (EACCES), a HOME on a read-only file system (EROFS), HOME or ~/.sfdx that is a file, RUNNER_TEMP (or the CLI's key
// folder) that is a file, a dangling key.json link, a link at the auth file's path. Each ends in one error naming
// the path and the fix, before any token is asked for; nothing is written, no link is written through or replaced.
//
// The tests run as root (script/test): root ignores file modes, so the read-only cases run the step without
// CAP_DAC_OVERRIDE and CAP_DAC_READ_SEARCH (`setpriv --bounding-set=-dac_override,-dac_read_search`: still uid 0,
// but held to the modes like any user); as another user a chmod is enough. EROFS uses a read-only bind mount in a
// private mount namespace (`unshare -m`), which needs root; without it that case is skipped.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { spawnSync } from 'node:child_process';
import {
  chmodSync,
  existsSync,
  lstatSync,
  mkdirSync,
  readFileSync,
  readdirSync,
  readlinkSync,
  symlinkSync,
  writeFileSync
} from 'node:fs';
import { join } from 'node:path';
import type { KeyPair } from '../../test-support/keys.mjs';
import { Job, repoRoot, runProcess } from '../../test-support/runner.mjs';
import { type SalesforceStub, makeUser, startStub } from '../../test-support/salesforce-stub.mjs';

const CLIENT_ID = '3MVG9e2e.fs';
const user = makeUser('ci@fs.example.com');
const distCli = join(repoRoot, 'dist', 'cli.js');
let keys: KeyPair, stub: SalesforceStub, url: string;

beforeAll(async () => ({ keys, stub, url } = await startStub(CLIENT_ID, [user])));
afterAll(() => stub.stop());

const isRoot = process.getuid?.() === 0;
/** Runs a step held to file modes: as root without the capabilities that override them. */
const heldToModes = isRoot ? ['setpriv', '--bounding-set=-dac_override,-dac_read_search'] : [];
const canMount = isRoot && spawnSync('unshare', ['-m', 'true']).status === 0;
/** Runs a step with `dir` mounted read-only, in a mount namespace of its own (the test's view stays writable). */
// bash, not sh: dash drops the runner's INPUT_CLIENT-ID and other names with a hyphen from the environment.
const readOnlyMount = (dir: string) => [
  'unshare',
  '-m',
  'bash',
  '-c',
  'mount --bind "$1" "$1" && mount -o remount,bind,ro "$1" && shift && exec "$@"',
  'bash',
  dir
];

/** Where a case sets things up: the job, plus a folder outside HOME for link targets. */
interface Place {
  job: Job;
  outside: string;
  sfdx: string;
  sf: string;
}

interface Setup {
  env?: Record<string, string>;
  wrap?: string[];
  /** Runs after the step (e.g. gives a folder its mode back). */
  undo?: () => void;
}

interface FsCase {
  name: string;
  prepare: (p: Place) => Setup | undefined;
  inputs?: Record<string, string>;
  /** The message, as the action and the command line give it (the CLI's key folder differs for RUNNER_TEMP). */
  message: (p: Place) => RegExp;
  cliMessage?: (p: Place) => RegExp;
  /** Command-line options instead of the action's inputs; absent: the case has none on the command line. */
  cli?: string[];
  /** The CLI's environment, when it differs from the action's. */
  cliEnv?: (p: Place) => Record<string, string>;
  skip?: boolean;
}

const esc = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** HOME with another org's sf state, as a machine that logged in elsewhere has it. */
function place(): Place {
  const job = new Job();
  const outside = join(job.root, 'outside');
  const sfdx = join(job.home, '.sfdx');
  const sf = join(job.home, '.sf');
  mkdirSync(outside);
  mkdirSync(sfdx, { mode: 0o700 });
  mkdirSync(sf);
  writeFileSync(join(sfdx, 'key.json'), JSON.stringify({ account: 'local', key: 'c'.repeat(32), service: 'sfdx' }), {
    mode: 0o600
  });
  writeFileSync(join(sfdx, 'other@example.com.json'), '{"username":"other@example.com"}', { mode: 0o600 });
  writeFileSync(join(sf, 'config.json'), '{"target-org":"other"}');
  return { job, outside, sfdx, sf };
}

/** Every entry below `dirs`: kind, mode and content (a link: its target), to compare before and after. */
function tree(...dirs: string[]): Record<string, string> {
  const out: Record<string, string> = {};
  const visit = (path: string) => {
    const stat = lstatSync(path, { throwIfNoEntry: false });
    if (!stat) return;
    const mode = (stat.mode & 0o777).toString(8);
    if (stat.isSymbolicLink()) out[path] = `link ${readlinkSync(path)}`;
    else if (stat.isDirectory()) {
      out[path] = `dir ${mode}`;
      for (const name of readdirSync(path)) visit(join(path, name));
    } else out[path] = `file ${mode} ${readFileSync(path, 'base64')}`;
  };
  for (const dir of dirs) visit(dir);
  return out;
}

const cases: FsCase[] = [
  {
    name: 'a read-only ~/.sfdx (EACCES)',
    prepare: ({ sfdx }) => {
      chmodSync(sfdx, 0o500);
      return { wrap: heldToModes, undo: () => chmodSync(sfdx, 0o700) };
    },
    message: ({ sfdx }) =>
      new RegExp(
        `^Cannot write into ${esc(sfdx)}: permission denied \\(EACCES\\)\\. Make ${esc(sfdx)} writable for this ` +
          'user \\(e\\.g\\. `chmod u\\+w'
      ),
    cli: []
  },
  {
    name: 'a read-only ~/.sf, with set-default (EACCES)',
    prepare: ({ sf }) => {
      chmodSync(sf, 0o500);
      return { wrap: heldToModes, undo: () => chmodSync(sf, 0o755) };
    },
    inputs: { 'set-default': 'true' },
    message: ({ sf }) => new RegExp(`^Cannot write into ${esc(sf)}: permission denied \\(EACCES\\)\\. Make ${esc(sf)}`),
    cli: ['--set-default']
  },
  {
    name: 'HOME on a read-only file system (EROFS)',
    prepare: ({ job }) => ({ wrap: readOnlyMount(job.home) }),
    message: ({ sfdx }) =>
      new RegExp(`^Cannot write into ${esc(sfdx)}: the file system is read-only \\(EROFS\\)\\. Mount it writable`),
    cli: [],
    skip: !canMount
  },
  {
    name: 'HOME is a file',
    prepare: ({ outside }) => {
      writeFileSync(join(outside, 'home-file'), 'not a folder');
      const home = join(outside, 'home-file');
      return { env: { HOME: home, USERPROFILE: home } };
    },
    message: ({ outside }) =>
      new RegExp(
        `^Cannot create the folder ${esc(join(outside, 'home-file', '.sfdx'))}: ${esc(join(outside, 'home-file'))} ` +
          `is a file, not a folder \\(ENOTDIR\\)\\. Remove or rename ${esc(join(outside, 'home-file'))}, or point HOME`
      ),
    cli: []
  },
  {
    name: '~/.sfdx is a file',
    prepare: ({ job, sfdx }) => {
      for (const name of readdirSync(sfdx)) spawnSync('rm', ['-f', join(sfdx, name)]);
      spawnSync('rmdir', [sfdx]);
      writeFileSync(join(job.home, '.sfdx'), 'not a folder');
      return undefined;
    },
    message: ({ sfdx }) =>
      new RegExp(
        `^Cannot create the folder ${esc(sfdx)}: ${esc(sfdx)} is already a file, where a folder belongs \\(EEXIST\\)\\. ` +
          'Remove or rename it'
      ),
    cli: []
  },
  {
    name: 'RUNNER_TEMP (or the command line key folder) is a file',
    prepare: ({ outside }) => {
      writeFileSync(join(outside, 'runner-temp-file'), 'not a folder');
      return { env: { RUNNER_TEMP: join(outside, 'runner-temp-file') } };
    },
    message: ({ outside }) =>
      new RegExp(
        `^Cannot create the folder ${esc(join(outside, 'runner-temp-file'))}/sf-jwt-login-[0-9a-f-]{36}: ` +
          `${esc(join(outside, 'runner-temp-file'))} is a file, not a folder \\(ENOTDIR\\)\\. Remove or rename`
      ),
    cli: [],
    cliEnv: ({ outside }) => ({ SF_JWT_LOGIN_KEY_DIR: join(outside, 'runner-temp-file') }),
    cliMessage: ({ outside }) =>
      new RegExp(
        `^Cannot create the folder ${esc(join(outside, 'runner-temp-file', user.username))}: ` +
          `${esc(join(outside, 'runner-temp-file'))} is a file, not a folder \\(ENOTDIR\\)`
      )
  },
  {
    name: 'a dangling key.json link',
    prepare: ({ sfdx, outside }) => {
      spawnSync('rm', [join(sfdx, 'key.json')]);
      symlinkSync(join(outside, 'secrets', 'key.json'), join(sfdx, 'key.json'));
      return undefined;
    },
    message: ({ sfdx, outside }) =>
      new RegExp(
        `^${esc(join(sfdx, 'key.json'))} is a symbolic link to ${esc(join(outside, 'secrets', 'key.json'))}, ` +
          'which does not exist\\. Remove the link or restore its target'
      ),
    cli: []
  },
  {
    name: "a link at the auth file's path",
    prepare: ({ sfdx, outside }) => {
      writeFileSync(join(outside, 'shared-auth.json'), '{"username":"ci@fs.example.com","note":"shared"}');
      symlinkSync(join(outside, 'shared-auth.json'), join(sfdx, `${user.username}.json`));
      return undefined;
    },
    message: ({ sfdx, outside }) =>
      new RegExp(
        `^${esc(join(sfdx, `${user.username}.json`))} is a symbolic link to ${esc(join(outside, 'shared-auth.json'))}; ` +
          'this login writes no file through a link and replaces no link it did not make\\. Replace the link'
      ),
    cli: []
  }
];

/** What every case promises, for one run: one error line matching `message`, no token, nothing changed. */
function expectOneClearError(lines: string[], message: RegExp, everything: string) {
  expect(lines).toHaveLength(1);
  expect(lines[0]).toMatch(message);
  expect(everything).not.toMatch(/Unexpected error|\n\s+at .*:\d+:\d+/);
}

describe.each(cases.map((c) => [c.name, c] as const))('%s', (_name, c) => {
  const run = c.skip ? it.skip : it;

  run('the action fails with one error naming the path and the fix, and writes nothing', async () => {
    const p = place();
    const setup = c.prepare(p) ?? {};
    const watched = [p.job.home, p.job.runnerTemp, p.outside];
    const before = tree(...watched);
    const tokensBefore = stub.tokenRequests().length;
    try {
      const step = await p.job.runStep(
        {
          'client-id': CLIENT_ID,
          username: user.username,
          'private-key': keys.pkcs8,
          'instance-url': url,
          ...c.inputs
        },
        { env: setup.env, wrap: setup.wrap }
      );
      expect(step.code).toBe(1);
      const errors = step.stdout
        .split('\n')
        .filter((l) => l.startsWith('::error::'))
        .map((l) => l.slice('::error::'.length).replace(/^sf-jwt-login: /, ''));
      expectOneClearError(errors, c.message(p), step.stdout + step.stderr);
      // Stopped before the token request: there is no token to revoke, and nothing of ours in any file.
      expect(stub.tokenRequests().length).toBe(tokensBefore);
      expect(tree(...watched)).toEqual(before);
      const post = await p.job.runPost(step, {}, { env: setup.env, wrap: setup.wrap });
      expect(post.code).toBe(0);
    } finally {
      setup.undo?.();
    }
  });

  const runCli = c.skip || !c.cli ? it.skip : it;
  runCli('the command line fails with one `error:` line naming the path and the fix, and writes nothing', async () => {
    const p = place();
    const setup = c.prepare(p) ?? {};
    const keyFile = join(p.outside, 'server.key');
    writeFileSync(keyFile, keys.pkcs8, { mode: 0o600 });
    const watched = [p.job.home, p.outside];
    const before = tree(...watched);
    const tokensBefore = stub.tokenRequests().length;
    const args = ['login', '-i', CLIENT_ID, '-f', keyFile, '-o', user.username, '-r', url, ...(c.cli ?? [])];
    const [command, ...rest] = [...(setup.wrap ?? []), process.execPath, distCli, ...args];
    try {
      const r = await runProcess(command, rest, {
        env: {
          PATH: process.env.PATH ?? '',
          HOME: p.job.home,
          USERPROFILE: p.job.home,
          ...setup.env,
          ...c.cliEnv?.(p)
        },
        cwd: p.outside,
        timeoutMs: 60_000
      });
      expect(r.code).toBe(1);
      const errors = r.stderr
        .split('\n')
        .filter((l) => l.startsWith('error: '))
        .map((l) => l.slice('error: '.length));
      expectOneClearError(errors, (c.cliMessage ?? c.message)(p), r.stdout + r.stderr);
      expect(stub.tokenRequests().length).toBe(tokensBefore);
      expect(tree(...watched)).toEqual(before);
    } finally {
      setup.undo?.();
    }
  });
});

it('the link cases leave the link and its target as they were (a link is never written through)', async () => {
  const p = place();
  const target = join(p.outside, 'shared-auth.json');
  writeFileSync(target, '{"username":"ci@fs.example.com","note":"shared"}');
  symlinkSync(target, join(p.sfdx, `${user.username}.json`));
  symlinkSync(join(p.outside, 'missing-alias.json'), join(p.sfdx, 'alias.json'));
  const step = await p.job.runStep({
    'client-id': CLIENT_ID,
    username: user.username,
    'private-key': keys.pkcs8,
    'instance-url': url,
    alias: 'fs'
  });
  expect(step.code).toBe(1);
  expect(readFileSync(target, 'utf8')).toBe('{"username":"ci@fs.example.com","note":"shared"}');
  expect(lstatSync(join(p.sfdx, `${user.username}.json`)).isSymbolicLink()).toBe(true);
  expect(existsSync(join(p.outside, 'missing-alias.json'))).toBe(false);
});
