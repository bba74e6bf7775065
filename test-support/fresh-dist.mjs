// The end-to-end tests run the built dist/, not src/: they refuse a dist/ older than src/, so that `npm test` cannot
// silently test a stale build. The default export is the jest globalSetup of the e2e project (jest.config.js), which
// jest runs only when the run includes e2e tests: unit runs need no build.
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { repoRoot } from './runner.mjs';

/** The bundles the e2e tests run. */
export const DIST_ENTRIES = ['dist/index.js', 'dist/post.js', 'dist/cli.js'];
const REBUILD = 'run npm run build';

/**
 * Why the build in `root` is stale, or undefined when every entry exists and no file under src/ is newer than
 * the oldest entry.
 * @param {string} root @param {string[]} [entries]
 */
export function staleDistReason(root, entries = DIST_ENTRIES) {
  let built = Number.POSITIVE_INFINITY;
  let oldest = '';
  for (const entry of entries) {
    const path = join(root, entry);
    if (!existsSync(path)) return `${entry} is missing: ${REBUILD}`;
    const { mtimeMs } = statSync(path);
    if (mtimeMs < built) [built, oldest] = [mtimeMs, entry];
  }
  const src = join(root, 'src');
  const newer = readdirSync(src, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => join(e.parentPath, e.name))
    .find((path) => statSync(path).mtimeMs > built);
  if (newer) return `dist/ is older than src/ (${relative(root, newer)} changed after ${oldest} was built): ${REBUILD}`;
  return undefined;
}

/**
 * Throws when the build in `root` is stale, with one line and no stack trace (jest prints a setup error's stack).
 * @param {string} root
 */
export function failIfStale(root) {
  const reason = staleDistReason(root);
  if (!reason) return;
  const error = new Error(reason);
  error.stack = reason;
  throw error;
}

export default function checkFreshDist() {
  failIfStale(repoRoot);
}
