// Executes every built entry point once, as CI must: an ncc bundle that cannot resolve a module fails only at run
// time (@@notfound). Each entry must start, and fail or finish with its own message, not a module error.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const dir = mkdtempSync(join(tmpdir(), 'sfjwt-smoke-'));
const files = Object.fromEntries(
  ['GITHUB_OUTPUT', 'GITHUB_ENV', 'GITHUB_STATE', 'GITHUB_STEP_SUMMARY'].map((n) => [n, join(dir, n)])
);
for (const f of Object.values(files)) writeFileSync(f, '');
const env = { PATH: process.env.PATH, HOME: dir, RUNNER_TEMP: dir, ...files };
const checks = [
  { file: 'dist/index.js', args: [], expect: /client-id is empty/, code: 1 },
  { file: 'dist/post.js', args: [], expect: /nothing to clean up|Post step/i, code: 0 },
  { file: 'dist/cli.js', args: ['--help'], expect: /keygen/, code: 0 }
];
let failed = 0;
for (const { file, args, expect, code } of checks) {
  if (!existsSync(file)) {
    console.log(`smoke: ${file} missing`);
    failed++;
    continue;
  }
  const r = spawnSync(process.execPath, [file, ...args], { env, encoding: 'utf8', timeout: 30_000 });
  const out = `${r.stdout}${r.stderr}`;
  const ok = r.status === code && expect.test(out) && !/require is not defined|Cannot find module|@@notfound/.test(out);
  console.log(`smoke: ${file} ${args.join(' ')} -> exit ${r.status} ${ok ? 'ok' : 'FAILED'}`);
  if (!ok) {
    console.log(out);
    failed++;
  }
}
rmSync(dir, { recursive: true, force: true });
process.exit(failed ? 1 : 0);
