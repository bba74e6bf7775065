// Contract test: every command and file command our workflow-commands.ts writes is byte for byte what the real
// @actions/core (a devDependency, for this test only) writes for the same call, for hostile values. Both get their
// heredoc delimiters from the same deterministic randomUUID, so the files compare without normalising.
import { afterEach, beforeEach, describe, expect, it, jest } from '@jest/globals';
import { readFileSync, writeFileSync } from 'node:fs';
import { EOL } from 'node:os';
import { join } from 'node:path';
import { useTempDirs } from '../temp-dirs.js';

let uuids = 0;
const uuid = (n: number) => `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`;
for (const name of ['crypto', 'node:crypto']) {
  const actual = await import('node:crypto');
  jest.unstable_mockModule(name, () => ({ ...actual, default: actual, randomUUID: () => uuid(uuids++) }));
}
const real = await import('@actions/core');
const ours = await import('../../../src/action/workflow-commands.js');
const { annotationText, oneLine } = await import('../../../src/util/text.js');
type Api = typeof ours;

const tmp = useTempDirs('sfjwt-commands-');
const FILES = ['OUTPUT', 'ENV', 'STATE', 'PATH'] as const;
const HOSTILE = [
  'plain',
  'two\nlines',
  'crlf\r\nline',
  'lone\rcr',
  '100% %0A %25',
  'key:value',
  'a,b,c',
  `looks like ghadelimiter_${uuid(999)}`,
  'ghadelimiter_',
  'name<<EOF\nEOF',
  '::error::injected',
  '',
  '  padded  ',
  'unicodé ✓ 日本 🚀'
];
const NAMES = ['my-output', 'with space', 'a:b,c', 'MiXeD_Case'];

const saved = { ...process.env };
beforeEach(() => {
  process.env = { ...saved };
  process.exitCode = undefined;
});
afterEach(() => {
  process.env = saved;
  process.exitCode = undefined;
});

interface Written {
  stdout: string;
  files: Record<string, string>;
  env: NodeJS.ProcessEnv;
  exitCode: typeof process.exitCode;
  result: unknown;
}

/** Runs `call` against one implementation with fresh command files (or none), and collects all it wrote. */
function capture(api: Api, call: (api: Api) => unknown, withFiles: boolean): Written {
  const dir = tmp();
  for (const name of FILES) {
    const file = join(dir, name);
    writeFileSync(file, '');
    if (withFiles) process.env[`GITHUB_${name}`] = file;
    else delete process.env[`GITHUB_${name}`];
  }
  uuids = 0;
  let stdout = '';
  const write = jest.spyOn(process.stdout, 'write').mockImplementation((chunk) => {
    stdout += String(chunk);
    return true;
  });
  let result: unknown;
  try {
    result = call(api);
  } catch (err) {
    result = err instanceof Error ? 'threw' : err;
  } finally {
    write.mockRestore();
  }
  const files = Object.fromEntries(FILES.map((name) => [name, readFileSync(join(dir, name), 'utf8')]));
  const env = { ...process.env };
  for (const name of FILES) delete env[`GITHUB_${name}`];
  const written = { stdout, files, env, exitCode: process.exitCode, result };
  process.env = { ...saved };
  process.exitCode = undefined;
  return written;
}

function expectSame(call: (api: Api) => unknown): Written {
  const theirs = (withFiles: boolean) => capture(real as unknown as Api, call, withFiles);
  for (const withFiles of [true, false]) expect(capture(ours, call, withFiles)).toEqual(theirs(withFiles));
  return capture(ours, call, true);
}

describe('workflow commands: the same bytes as @actions/core', () => {
  it.each(HOSTILE)('file commands and their stdout fallbacks for %j', (value) => {
    for (const name of NAMES) {
      expect(expectSame((api) => api.setOutput(name, value)).files.OUTPUT).toContain(value);
      expect(expectSame((api) => api.exportVariable(name, value)).env[name]).toBe(value);
      expectSame((api) => api.saveState(name, value));
    }
    expectSame((api) => api.addPath(value));
  });

  it.each(HOSTILE)('stdout commands for %j', (value) => {
    expectSame((api) => api.setSecret(value));
    // Log lines: ours sanitises the message (src/util/text.ts), then writes exactly what core writes for it.
    const logSame = (call: (api: Api, message: string) => unknown, sanitise: (m: string) => string) => {
      const ourBytes = capture(ours, (api) => call(api, value), true);
      expect(ourBytes).toEqual(capture(real as unknown as Api, (api) => call(api, sanitise(value)), true));
      return ourBytes;
    };
    logSame((api, m) => api.info(m), oneLine);
    logSame((api, m) => api.debug(m), annotationText);
    logSame((api, m) => api.warning(m), annotationText);
    logSame((api, m) => api.error(m), annotationText);
    expect(logSame((api, m) => api.setFailed(m), annotationText).exitCode).toBe(1);
    // Without terminal escapes, an annotation is byte for byte core's, line breaks (%0A) and all.
    expectSame((api) => api.warning(value));
    expectSame((api) => api.error(value));
    if (oneLine(value) === value) expectSame((api) => api.info(value));
  });

  it.each(['two\nlines\n::error::forged', 'crlf\r\n::set-env name=X::y', '\x1b[31mred\x1b[0m \x1b]0;title\x07 end'])(
    'a log line with %j is one line of stdout and starts no workflow command',
    (value) => {
      for (const call of [(api: Api) => api.info(value), (api: Api) => api.warning(value)]) {
        const { stdout } = capture(ours, call, true);
        expect(stdout.split(EOL).filter(Boolean)).toHaveLength(1);
        expect(stdout).not.toMatch(/[\r\x1b]|\n./);
      }
      expect(capture(ours, (api) => api.info(value), true).stdout.startsWith('::')).toBe(false);
    }
  );

  it.each(HOSTILE)('getInput and getState read %j as core does', (value) => {
    for (const name of [...NAMES, 'private-key']) {
      process.env[`INPUT_${name.replace(/ /g, '_').toUpperCase()}`] = value;
      process.env[`STATE_${name}`] = value;
      expect(ours.getInput(name)).toBe(real.getInput(name));
      expect(ours.getState(name)).toBe(real.getState(name));
    }
    expect(ours.getInput('absent')).toBe(real.getInput('absent'));
  });

  it('refuses a value that holds the delimiter it would get, as core does, and writes nothing', () => {
    const next = `ghadelimiter_${uuid(0)}`;
    for (const value of [`before ${next} after`, next]) {
      const written = expectSame((api) => api.setOutput('out', value));
      expect(written.result).toBe('threw');
      expect(written.files.OUTPUT).toBe('');
    }
    expect(expectSame((api) => api.saveState(`n${next}`, 'v')).result).toBe('threw');
  });

  it('fails like core when the runner names a command file that does not exist', () => {
    const missing = join(tmp(), 'gone');
    const call = (api: Api) => {
      process.env.GITHUB_OUTPUT = missing;
      return api.setOutput('out', 'v');
    };
    expect(capture(ours, call, false).result).toBe('threw');
    expect(capture(real as unknown as Api, call, false).result).toBe('threw');
  });
});

describe('workflow commands: encoding', () => {
  it('escapes data and properties as the runner decodes them', () => {
    expect(ours.escapeData('a%b\r\nc:d,e')).toBe('a%25b%0D%0Ac:d,e');
    expect(ours.escapeProperty('a%b\r\nc:d,e')).toBe('a%25b%0D%0Ac%3Ad%2Ce');
  });

  it('joins properties with commas and leaves out empty ones (the form core uses for annotations)', () => {
    const call = (api: Api) => api.issueCommand('warning', { title: 'T:1,2', file: '', line: '3' }, 'm');
    expect(capture(ours, call, false).stdout).toBe(`::warning title=T%3A1%2C2,line=3::m${EOL}`);
    expect(capture(ours, (api) => api.issueCommand('x', { name: '' }, 'm'), false).stdout).toBe(`::x ::m${EOL}`);
  });

  it('gives every heredoc a fresh random delimiter', () => {
    const first = ours.heredoc('n', 'v');
    const second = ours.heredoc('n', 'v');
    expect(first).toMatch(/^n<<ghadelimiter_[0-9a-f-]{36}\r?\nv\r?\nghadelimiter_[0-9a-f-]{36}$/);
    expect(first).not.toBe(second);
    expect(() => ours.heredoc('n', 'x ghadelimiter_fixed', () => 'fixed')).toThrow(/own delimiter/);
  });
});
