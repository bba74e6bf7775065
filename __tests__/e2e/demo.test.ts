// script/demo.mjs, the end of `bash script/demo`: the action's step, the real sf CLI on the state it wrote (only
// inside the loopback-only network namespace script/test arranges, else the demo must say it skipped sf), the post
// step, and the job summary as text. It prints no secret and leaves nothing in its temp dir.
import { afterAll, describe, expect, it } from '@jest/globals';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { repoRoot, runProcess } from '../../test-support/runner.mjs';
import { sfBin } from '../../test-support/sf-env.mjs';

const temp = mkdtempSync(join(tmpdir(), 'sfjwt-demo-test-'));
afterAll(() => rmSync(temp, { recursive: true, force: true }));

describe(`script/demo.mjs (${sfBin ? 'with the real sf CLI' : 'sf skipped: no loopback-only network'})`, () => {
  let run: Awaited<ReturnType<typeof runProcess>>;
  const output = () => `${run.stdout}${run.stderr}`;

  it('runs the step, a later sf step, the post step, and prints the summary, exit 0', async () => {
    run = await runProcess(process.execPath, [join(repoRoot, 'script', 'demo.mjs')], {
      env: {
        PATH: process.env.PATH ?? '',
        TMPDIR: temp,
        // Outside the namespace the demo must not find sf at all: tests never run sf where it could reach a host.
        SFJWT_SF_BIN: sfBin ?? join(temp, 'no-sf-here'),
        SFJWT_ISOLATED_NETWORK: sfBin ? '1' : ''
      },
      cwd: repoRoot,
      timeoutMs: 90_000
    });
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    const order = [
      '--- step log',
      '--- outputs ---',
      '--- a later step: sf org display',
      '--- post step',
      '--- job summary'
    ];
    const at = order.map((heading) => run.stdout.indexOf(heading));
    expect(at.every((i) => i >= 0)).toBe(true);
    expect([...at].sort((a, b) => a - b)).toEqual(at);
  });

  it(sfBin ? 'shows sf reading the org as connected, from the stub alone' : 'says it skipped sf', () => {
    const sfPart = run.stdout.slice(run.stdout.indexOf('--- a later step'), run.stdout.indexOf('--- post step'));
    if (sfBin) {
      expect(sfPart).toMatch(/Connected Status\s*│\s*Connected/);
      expect(sfPart).toMatch(/Alias\s*│\s*devhub/);
      expect(sfPart).toMatch(/sf exited 0 after \d+ ms; [1-9]\d* requests to the stub/);
    } else {
      expect(sfPart).toContain('sf is not installed here');
      expect(sfPart).not.toContain('Org Description');
    }
  });

  it('prints the job summary as aligned text, not HTML', () => {
    const summary = run.stdout.slice(run.stdout.indexOf('--- job summary'));
    expect(summary).toMatch(/^### Salesforce login$/m);
    expect(summary).toMatch(/^Username +ci@devhub\.example\.com$/m);
    expect(summary).not.toMatch(/<\/?(table|tr|td|th|h3)>/);
  });

  it('prints no token and no key, and leaves nothing in its temp dir', () => {
    expect(output()).not.toMatch(/-----BEGIN|^::add-mask::|Bearer /m);
    expect(output()).toContain('access-token     ***');
    // The stub's tokens are 00D…!… like Salesforce's; an unmasked one would show its "!".
    expect(output()).not.toMatch(/00D\w{12,15}!/);
    expect(readdirSync(temp)).toEqual([]);
  });
});
