// What a user of the command line pays before it runs, from a cold npm cache: `npm pack` of this repository, then
// `npm install <tarball>` into an empty folder, then `npx sf-jwt-login --help` there; and, with the cache emptied
// again, `npx --yes --package <tarball> sf-jwt-login --help` in another empty folder (what `npx --yes
// @sf-jwt-login/cli` does on a machine that never ran it), next to `node dist/cli.js --help` (the floor).
// Prints the times, the tarball size, the packages and bytes installed; with --json, one JSON object instead.
// Run it after a build: `node bench/npx-install.mjs` (the tarball holds dist/cli.js as it is); `--repo <dir>` packs
// another checkout instead, e.g. a worktree of an older commit, to compare under the same conditions.
// Everything, the npm cache included, lives in one temp folder that is removed at the end.
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { repoRoot } from '../test-support/runner.mjs';

const json = process.argv.includes('--json');
const repoAt = process.argv.indexOf('--repo');
const packRoot = repoAt > 0 ? process.argv[repoAt + 1] : repoRoot;
const root = mkdtempSync(join(tmpdir(), 'sfjwt-npx-bench-'));
const cache = join(root, 'npm-cache');
const npmEnv = {
  ...process.env,
  npm_config_cache: cache,
  npm_config_update_notifier: 'false',
  npm_config_fund: 'false',
  npm_config_audit: 'false',
  npm_config_loglevel: 'error'
};

/** Runs a command, returns its wall time; throws with its output when it fails. */
function timed(command, args, cwd) {
  const started = process.hrtime.bigint();
  const r = spawnSync(command, args, { cwd, env: npmEnv, encoding: 'utf8', timeout: 300_000, maxBuffer: 1 << 28 });
  const ms = Number(process.hrtime.bigint() - started) / 1e6;
  if (r.status !== 0)
    throw new Error(`${command} ${args.join(' ')} failed (${r.error ?? `exit ${r.status}`}):\n${r.stdout}${r.stderr}`);
  return { ms, stdout: r.stdout };
}

/** Bytes of the files under `dir`, and the package.json files below node_modules (one per installed package). */
function sizeOf(dir) {
  let bytes = 0;
  let packages = 0;
  for (const entry of readdirSync(dir, { recursive: true, withFileTypes: true })) {
    const path = join(entry.parentPath, entry.name);
    if (entry.isFile()) bytes += statSync(path).size;
    if (entry.name === 'package.json' && /node_modules[\\/](@[^\\/]+[\\/])?[^\\/@]+$/.test(entry.parentPath))
      packages += 1;
  }
  return { bytes, packages };
}

function measure() {
  const pack = timed('npm', ['pack', '--json', '--ignore-scripts', '--pack-destination', root], packRoot);
  const [packed] = JSON.parse(pack.stdout);
  const tarball = join(root, packed.filename);

  const app = join(root, 'app');
  mkdirSync(app);
  const install = timed('npm', ['install', tarball], app);
  const help = timed('npx', ['sf-jwt-login', '--help'], app);
  if (!help.stdout.includes('keygen')) throw new Error(`npx sf-jwt-login --help printed no help:\n${help.stdout}`);
  const installed = sizeOf(join(app, 'node_modules'));

  // A second cold run, the way users start it: npx fetches the package into its own cache folder and runs it.
  rmSync(cache, { recursive: true, force: true });
  const empty = join(root, 'empty');
  mkdirSync(empty);
  const npx = timed('npx', ['--yes', '--package', tarball, 'sf-jwt-login', '--help'], empty);

  return {
    package: `${packed.name}@${packed.version}`,
    tarballBytes: packed.size,
    unpackedBytes: packed.unpackedSize,
    tarballFiles: packed.files.map((f) => f.path).sort(),
    npmPackMs: Math.round(pack.ms),
    npmInstallMs: Math.round(install.ms),
    installedPackages: installed.packages,
    nodeModulesBytes: installed.bytes,
    npxHelpMs: Math.round(help.ms),
    npxYesColdMs: Math.round(npx.ms),
    nodeHelpMs: Math.round(timed(process.execPath, [join(packRoot, 'dist', 'cli.js'), '--help'], root).ms),
    node: process.version,
    npm: timed('npm', ['--version'], root).stdout.trim(),
    at: new Date().toISOString()
  };
}

const kb = (n) => `${(n / 1000).toFixed(0)} kB`;
const files = (list) => (list.length > 6 ? `${list.length} files` : list.join(', '));
try {
  const r = measure();
  if (json) {
    console.log(JSON.stringify(r, null, 2));
  } else {
    const rows = [
      ['tarball', `${kb(r.tarballBytes)} (${files(r.tarballFiles)})`],
      ['npm pack', `${r.npmPackMs} ms`],
      ['npm install <tarball>', `${r.npmInstallMs} ms`],
      ['installed', `${r.installedPackages} package(s), ${kb(r.nodeModulesBytes)} of files in node_modules`],
      ['npx sf-jwt-login --help', `${r.npxHelpMs} ms`],
      ['npx --yes --package <tarball> ...', `${r.npxYesColdMs} ms (empty folder, cold cache)`],
      ['node dist/cli.js --help', `${r.nodeHelpMs} ms`]
    ];
    console.log(`${r.package}, node ${r.node}, npm ${r.npm}, cold npm cache, ${r.at}`);
    for (const [what, figure] of rows) console.log(`${what.padEnd(34)} ${figure}`);
  }
} finally {
  rmSync(root, { recursive: true, force: true });
}
