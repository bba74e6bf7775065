// The docs cannot drift from action.yml, and every workflow we show or run uses the action correctly.
import { describe, expect, it } from '@jest/globals';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { readAction, syncReadme } from '../test-support/action-docs.mjs';
import { repoRoot } from '../test-support/runner.mjs';
import { LOGIN_OPTIONS } from '../src/cli/login-options.js';
import { CLI_COMMAND } from '../src/util/cli-command.js';

const action = readAction();
const inputs = Object.keys(action.inputs);
const required = Object.entries(action.inputs)
  .filter(([, i]) => (i as { required?: boolean }).required)
  .map(([n]) => n);

const workflowFiles = [
  ...readdirSync(join(repoRoot, '.github', 'workflows')).map((f) => join('.github', 'workflows', f)),
  ...readdirSync(join(repoRoot, 'examples'))
    .filter((f) => f !== 'gitlab-ci.yml')
    .map((f) => join('examples', f))
].filter((f) => /\.ya?ml$/.test(f));

type Step = { uses?: string; with?: Record<string, unknown> };
const ourSteps = (doc: { jobs?: Record<string, { steps?: Step[] }> }) =>
  Object.values(doc.jobs ?? {})
    .flatMap((job) => job.steps ?? [])
    .filter((s) => s.uses === './' || /(^|\/)sf-jwt-login@/.test(s.uses ?? ''));

describe('docs', () => {
  it('README input and output tables match action.yml', () => {
    const readme = readFileSync(join(repoRoot, 'README.md'), 'utf8');
    expect(readme).toBe(syncReadme(readme, action));
  });

  it('action.yml has a Marketplace-sized description and node24 entry points', () => {
    expect(action.description.length).toBeLessThanOrEqual(125);
    expect(action.runs).toMatchObject({
      using: 'node24',
      main: 'dist/index.js',
      post: 'dist/post.js',
      'post-if': 'always()'
    });
  });

  it('finds workflows to check', () => {
    expect(workflowFiles.length).toBeGreaterThanOrEqual(5);
  });

  it.each(workflowFiles.map((f) => [f]))(
    '%s parses, and uses the action with known inputs and every required one',
    (file) => {
      const doc = parse(readFileSync(join(repoRoot, file), 'utf8'));
      expect(doc.jobs).toBeDefined();
      for (const step of ourSteps(doc)) {
        const given = Object.keys(step.with ?? {});
        expect(given.filter((k) => !inputs.includes(k))).toEqual([]);
        expect(required.filter((k) => !given.includes(k))).toEqual([]);
        expect(given.includes('private-key') || given.includes('private-key-file')).toBe(true);
      }
    }
  );

  it('the README shows every example workflow', () => {
    const readme = readFileSync(join(repoRoot, 'README.md'), 'utf8');
    for (const f of readdirSync(join(repoRoot, 'examples'))) expect(readme).toContain(`examples/${f}`);
  });

  it('the GitLab example passes only flags the command line knows', () => {
    const gitlab = readFileSync(join(repoRoot, 'examples', 'gitlab-ci.yml'), 'utf8');
    expect(() => parse(gitlab)).not.toThrow();
    const known = LOGIN_OPTIONS.flatMap((row) => [row.name, ...(row.aliases ?? [])]);
    const flags = (gitlab.match(/--[a-z-]+(?= )/g) ?? []).filter((f) => !['--yes', '--target-org'].includes(f));
    expect(flags.length).toBeGreaterThan(0);
    for (const flag of flags) expect(known).toContain(flag.slice(2));
  });

  it('the README and the examples run the command line as the published package', () => {
    const readme = readFileSync(join(repoRoot, 'README.md'), 'utf8');
    const gitlab = readFileSync(join(repoRoot, 'examples', 'gitlab-ci.yml'), 'utf8');
    for (const text of [readme, gitlab]) {
      const runs = text.match(/npx [^\n]*?(?= (keygen|check|login) )/g) ?? [];
      expect(runs.length).toBeGreaterThan(0);
      for (const run of runs) expect(run).toBe(CLI_COMMAND);
    }
  });
});
