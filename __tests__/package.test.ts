// Holds package.json to what the command line's npm package must be: the name every message tells users to run,
// only dist/cli.js with the README and LICENSE in the tarball, no runtime dependencies (ncc bundles them all, so
// `npx` installs one package), the Node floor the command line itself enforces, and links to the repository.
import { afterAll, describe, expect, it } from '@jest/globals';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MIN_NODE_MAJOR } from '../src/cli/node-version.js';
import { CLI_NAME, CLI_PACKAGE } from '../src/util/cli-command.js';
import { repoRoot } from '../test-support/runner.mjs';

const pkg = JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8'));
const lock = JSON.parse(readFileSync(join(repoRoot, 'package-lock.json'), 'utf8'));
const REPO = 'sf-jwt-login/sf-jwt-login';
/** The tarball's files: the bundle, and what npm always adds (package.json) or the files list names. */
const PUBLISHED = ['LICENSE', 'README.md', 'dist/cli.js', 'package.json'];

const scratch = mkdtempSync(join(tmpdir(), 'sfjwt-pack-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

describe('package.json, as published', () => {
  it('is the package and bin every message names', () => {
    expect(pkg.name).toBe(CLI_PACKAGE);
    expect(pkg.private).toBeUndefined();
    expect(pkg.publishConfig).toEqual({ access: 'public' });
    expect(pkg.bin).toEqual({ [CLI_NAME]: 'dist/cli.js' });
    expect(readFileSync(join(repoRoot, 'dist', 'cli.js'), 'utf8')).toMatch(/^#!\/usr\/bin\/env node\n/);
  });

  it('has no runtime dependencies: the bundle holds them', () => {
    for (const field of ['dependencies', 'optionalDependencies', 'peerDependencies', 'bundleDependencies'])
      expect(pkg[field]).toBeUndefined();
    // npm ci refuses a lockfile whose root entry disagrees with package.json.
    const root = lock.packages[''];
    expect(root.name).toBe(pkg.name);
    expect(root.dependencies).toBeUndefined();
    expect(root.devDependencies).toEqual(pkg.devDependencies);
  });

  it('lists every package src/ imports as a devDependency, so the build finds it', () => {
    const builtins = new Set(builtinModules);
    const imported = new Set<string>();
    for (const entry of readdirSync(join(repoRoot, 'src'), { recursive: true, withFileTypes: true })) {
      if (!entry.isFile() || !entry.name.endsWith('.ts')) continue;
      const text = readFileSync(join(entry.parentPath, entry.name), 'utf8');
      for (const [, spec] of text.matchAll(/(?:from|import\(?)\s*'([^'.][^']*)'/g)) {
        if (spec.startsWith('node:') || builtins.has(spec)) continue;
        const [scope, name] = spec.split('/');
        imported.add(scope.startsWith('@') ? `${scope}/${name}` : scope);
      }
    }
    expect(imported.size).toBeGreaterThan(2);
    for (const name of imported) expect(Object.keys(pkg.devDependencies)).toContain(name);
  });

  it('needs the Node the command line checks for at start', () => {
    expect(pkg.engines).toEqual({ node: `>=${MIN_NODE_MAJOR}` });
  });

  it('links the repository the README uses', () => {
    expect(pkg.repository).toEqual({ type: 'git', url: `git+https://github.com/${REPO}.git` });
    expect(pkg.homepage).toBe(`https://github.com/${REPO}#readme`);
    expect(pkg.bugs).toEqual({ url: `https://github.com/${REPO}/issues` });
    expect(readFileSync(join(repoRoot, 'README.md'), 'utf8')).toContain(`uses: ${REPO}@v1`);
  });

  it('packs only dist/cli.js, the README, the LICENSE and package.json', () => {
    expect(pkg.files).toEqual(['dist/cli.js', 'README.md', 'LICENSE']);
    // --dry-run writes no tarball; the cache and logs go to a folder of this test, not ~/.npm.
    const r = spawnSync('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'], {
      cwd: repoRoot,
      encoding: 'utf8',
      env: { ...process.env, npm_config_cache: scratch, npm_config_logs_max: '0', npm_config_update_notifier: 'false' },
      timeout: 60_000
    });
    expect(r.status).toBe(0);
    const [packed] = JSON.parse(r.stdout);
    expect(packed.name).toBe(CLI_PACKAGE);
    expect(packed.files.map((f: { path: string }) => f.path).sort()).toEqual(PUBLISHED);
    // One bundle: a tarball of megabytes would mean the action's chunks or node_modules slipped in.
    expect(packed.size).toBeLessThan(400_000);
  });
});
