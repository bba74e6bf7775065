// The action's annotations name the action, so a job of many steps shows which step failed or warned; and the main
// and post steps write no annotation around that prefix (a direct workflow-commands warning/error/setFailed).
import { afterEach, describe, expect, it, jest } from '@jest/globals';
import { readFileSync, readdirSync } from 'node:fs';
import { EOL } from 'node:os';
import { join } from 'node:path';
import { parse } from 'yaml';
import { ANNOTATION_PREFIX, setFailed, warning } from '../../../src/action/annotations.js';
import { repoRoot } from '../../../test-support/runner.mjs';

afterEach(() => {
  process.exitCode = undefined;
});

function stdoutOf(call: () => void): string {
  let written = '';
  const write = jest.spyOn(process.stdout, 'write').mockImplementation((chunk) => {
    written += String(chunk);
    return true;
  });
  try {
    call();
  } finally {
    write.mockRestore();
  }
  return written;
}

describe('annotations', () => {
  it("start with action.yml's name", () => {
    const actionYml = parse(readFileSync(join(repoRoot, 'action.yml'), 'utf8')) as { name: string };
    expect(ANNOTATION_PREFIX).toBe(`${actionYml.name}: `);
  });

  it('a failure: one ::error:: line that names the action, still escaped, and exit code 1', () => {
    expect(stdoutOf(() => setFailed('client-id is empty:\nset it'))).toBe(
      `::error::sf-jwt-login: client-id is empty:%0Aset it${EOL}`
    );
    expect(process.exitCode).toBe(1);
  });

  it('a warning: one ::warning:: line that names the action; the step goes on', () => {
    expect(stdoutOf(() => warning('Post step: could not revoke the access token: 50%'))).toBe(
      `::warning::sf-jwt-login: Post step: could not revoke the access token: 50%25${EOL}`
    );
    expect(process.exitCode).toBeUndefined();
  });

  it('src/action writes warning and error annotations only through annotations.ts', () => {
    const dir = join(repoRoot, 'src', 'action');
    const offenders: string[] = [];
    for (const file of readdirSync(dir).filter((f) => f.endsWith('.ts') && f !== 'annotations.ts')) {
      const text = readFileSync(join(dir, file), 'utf8');
      const namespace = /import \* as (\w+) from '\.\/workflow-commands\.js'/.exec(text)?.[1];
      const direct = namespace && new RegExp(`\\b${namespace}\\.(warning|error|setFailed)\\(`).exec(text);
      const named = /import \{[^}]*\b(warning|error|setFailed)\b[^}]*\} from '\.\/workflow-commands\.js'/.exec(text);
      if (direct || named) offenders.push(`${file}: ${(direct || named)?.[0]}`);
    }
    expect(offenders).toEqual([]);
  });
});
