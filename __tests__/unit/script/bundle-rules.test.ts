// The bundle rules on fake builds: a build must fail when an entry file carries a package that must stay out of it,
// or when a marker no longer finds its package anywhere in the build.
import { describe, expect, it } from '@jest/globals';
import { bundleViolations, MARKERS } from '../../../script/bundle-rules.mjs';

const code = (...packages: string[]) =>
  packages.map((pkg) => `throw new Error("${MARKERS[pkg].join('"+"')}");`).join('');

/** A build shaped like today's: forge in the CLI, cache, exec and core in lazy chunks, plain entries. */
const good = (): Record<string, string> => ({
  'index.js': 'import{createRequire as e}from"module";function getInput(e){}',
  'post.js': 'import{createRequire as e}from"module";function runPost(){}',
  'cli.js': `#!/usr/bin/env node\n${code('node-forge')}`,
  '99.index.js': `export const id = 99;${code('@actions/cache', '@actions/core')}`,
  '955.index.js': `export const id = 955;${code('@actions/exec')}`
});

describe('bundle rules', () => {
  it('pass a build with the heavy packages in the CLI and the lazy chunks only', () => {
    expect(bundleViolations(good())).toEqual([]);
  });

  it.each(Object.keys(MARKERS))('fail when dist/index.js or dist/post.js contains %s', (pkg) => {
    for (const entry of ['index.js', 'post.js']) {
      const build = good();
      build[entry] += MARKERS[pkg][MARKERS[pkg].length - 1];
      expect(bundleViolations(build)).toEqual([expect.stringMatching(`^dist/${entry} contains ${pkg} `)]);
    }
  });

  it('fail when a marker no longer finds its package (so a reworded message cannot pass unnoticed)', () => {
    const build = good();
    build['99.index.js'] = build['99.index.js'].replace('Path Validation Error', 'Path validation failed');
    expect(bundleViolations(build)).toEqual([
      expect.stringMatching(/@actions\/cache's marker "Path Validation Error"/)
    ]);
    const noForge = { ...good(), 'cli.js': '#!/usr/bin/env node\n' };
    expect(bundleViolations(noForge)).toHaveLength(MARKERS['node-forge'].length);
  });

  it('fail when an entry file is missing', () => {
    const { 'post.js': _, ...build } = good();
    expect(bundleViolations(build)).toEqual(['dist/post.js is missing']);
  });
});
