// The stale-build guard of the e2e tests (test-support/fresh-dist.mjs), on a temp tree with chosen mtimes.
import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { mkdirSync, mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { DIST_ENTRIES, failIfStale, staleDistReason } from '../../../test-support/fresh-dist.mjs';

let root: string;
/** Writes `path` under the tree with its mtime `seconds` after a fixed moment. */
function file(path: string, seconds: number) {
  const full = join(root, path);
  mkdirSync(dirname(full), { recursive: true });
  writeFileSync(full, '');
  const at = 1_700_000_000 + seconds;
  utimesSync(full, at, at);
}

beforeEach(() => {
  root = mkdtempSync(join(tmpdir(), 'sfjwt-fresh-dist-'));
  file('src/login/jwt.ts', 0);
  file('src/action/index.ts', 10);
  for (const entry of DIST_ENTRIES) file(entry, 100);
});
afterEach(() => rmSync(root, { recursive: true, force: true }));

describe('staleDistReason', () => {
  it('accepts a dist/ built after every file under src/', () => {
    expect(staleDistReason(root)).toBeUndefined();
  });

  it('names the newer source file and the older bundle, and says to build', () => {
    file('dist/post.js', 50);
    file('src/login/jwt.ts', 60);
    expect(staleDistReason(root)).toBe(
      'dist/ is older than src/ (src/login/jwt.ts changed after dist/post.js was built): run npm run build'
    );
  });

  it('finds a newer file deep in src/', () => {
    file('src/sf/deep/er/state.ts', 101);
    expect(staleDistReason(root)).toMatch(/^dist\/ is older than src\/ \(src\/sf\/deep\/er\/state\.ts changed/);
  });

  it('refuses a missing bundle', () => {
    rmSync(join(root, 'dist/cli.js'));
    expect(staleDistReason(root)).toBe('dist/cli.js is missing: run npm run build');
  });
});

describe('failIfStale (the e2e globalSetup)', () => {
  it('passes on a fresh build', () => {
    expect(() => failIfStale(root)).not.toThrow();
  });

  it('throws one line, with no stack trace for jest to print', () => {
    file('src/action/index.ts', 200);
    let error: Error | undefined;
    try {
      failIfStale(root);
    } catch (e) {
      error = e as Error;
    }
    expect(error?.message).toMatch(/^dist\/ is older than src\/ .*: run npm run build$/);
    expect(error?.stack).toBe(error?.message);
  });
});
