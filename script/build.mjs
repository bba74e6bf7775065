// Builds dist/ with @vercel/ncc: one self-contained ESM file per entry point.
// Each entry is bundled into its own scratch folder, then copied to dist/<name>.js. The build fails when a bundle
// breaks the rules of script/bundle-rules.mjs (what may load on every run of the action).
import { execFileSync } from 'node:child_process';
import { cpSync, mkdirSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { bundleViolations } from './bundle-rules.mjs';

const entries = { index: 'src/action/index.ts', post: 'src/action/post.ts', cli: 'src/cli/index.ts' };
const scratch = '.build';
const ncc = join('node_modules', '@vercel', 'ncc', 'dist', 'ncc', 'cli.js');

rmSync(scratch, { recursive: true, force: true });
rmSync('dist', { recursive: true, force: true });
mkdirSync('dist');
for (const [name, entry] of Object.entries(entries)) {
  const out = join(scratch, name);
  execFileSync(process.execPath, [ncc, 'build', entry, '-o', out, '--minify', '--quiet', '--target', 'es2023'], {
    stdio: 'inherit'
  });
  // The entry itself, plus the chunks of modules it imports lazily (loaded from the same folder at run time).
  for (const file of readdirSync(out).filter((f) => f !== 'package.json')) {
    if (!/^(index|\d+\.index)\.js$/.test(file)) throw new Error(`ncc emitted an unexpected file for ${entry}: ${file}`);
    if (file !== 'index.js' && name !== 'index')
      throw new Error(`${entry} has lazy chunks; only src/action/index.ts may`);
    cpSync(join(out, file), join('dist', file === 'index.js' ? `${name}.js` : file));
  }
}
rmSync(scratch, { recursive: true, force: true });

const built = Object.fromEntries(readdirSync('dist').map((file) => [file, readFileSync(join('dist', file), 'utf8')]));
const problems = bundleViolations(built);
if (problems.length) {
  for (const problem of problems) console.error(`build: ${problem}`);
  process.exit(1);
}
