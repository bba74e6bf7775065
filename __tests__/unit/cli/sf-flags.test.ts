// `login` takes the flags of `sf org login jwt`, short letters included, so a step moves over by changing the command
// only. Held to a table of sf's letters always, and that table to the real sf's own flag definitions (plugin-auth's
// jwt command) when script/bootstrap has installed sf (SFJWT_SF_BIN).
import { describe, expect, it } from '@jest/globals';
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { LOGIN_OPTIONS } from '../../../src/cli/login-options.js';
import { parseOptions } from '../../../src/cli/options.js';
import { useTempDirs } from '../temp-dirs.js';

/** `sf org login jwt`'s short letters (sf CLI 2.150.6) for the flags login shares with it. */
const SF_SHORT: Record<string, string> = {
  'client-id': 'i',
  'jwt-key-file': 'f',
  username: 'o',
  'instance-url': 'r',
  alias: 'a',
  'set-default': 's',
  'set-default-dev-hub': 'd'
};

type SfFlags = Record<string, { char?: string; aliases?: string[] }>;

const JWT_COMMAND = ['@salesforce', 'plugin-auth', 'lib', 'commands', 'org', 'login', 'jwt.js'];
const sfBin = process.env.SFJWT_SF_BIN;
const candidate = sfBin ? join(dirname(dirname(sfBin)), ...JWT_COMMAND) : '';
const jwtCommand = candidate && existsSync(candidate) ? candidate : undefined;
const tmp = useTempDirs('sfjwt-sf-flags-');

/** The real sf's flags, name → letter and aliases, read in a child process (sf's modules are ESM, and many). */
function sfFlags(file: string): SfFlags {
  const script =
    `const { default: command } = await import(${JSON.stringify(pathToFileURL(file).href)});\n` +
    'const flags = Object.entries(command.flags).map(([name, f]) => [name, { char: f.char, aliases: f.aliases }]);\n' +
    'process.stdout.write(JSON.stringify(Object.fromEntries(flags)));';
  const env = { PATH: process.env.PATH ?? '', HOME: tmp(), SF_DISABLE_TELEMETRY: 'true' };
  return JSON.parse(
    execFileSync(process.execPath, ['--input-type=module', '-e', script], { encoding: 'utf8', env, timeout: 60_000 })
  ) as SfFlags;
}

const ours = Object.fromEntries(LOGIN_OPTIONS.map((row) => [row.name, row.short]));

describe("login's short flags are sf org login jwt's", () => {
  it.each(Object.entries(SF_SHORT))('--%s is -%s', (name, letter) => {
    expect(ours[name]).toBe(letter);
  });

  it('gives no other option a letter sf uses', () => {
    const taken = new Set(Object.values(SF_SHORT));
    for (const row of LOGIN_OPTIONS.filter((r) => !(r.name in SF_SHORT) && r.short)) {
      expect(taken.has(row.short as string)).toBe(false);
    }
  });

  it('parses -s as --set-default and -d as --set-default-dev-hub', () => {
    const base = ['-i', '3MVG9abc', '-o', 'ci@example.com', '-f', 'server.key'];
    expect(parseOptions('login', LOGIN_OPTIONS, [...base, '-s'])).toMatchObject({
      'set-default': true,
      'set-default-dev-hub': false
    });
    expect(parseOptions('login', LOGIN_OPTIONS, [...base, '-d'])).toMatchObject({
      'set-default': false,
      'set-default-dev-hub': true
    });
  });

  if (jwtCommand) {
    it(`the letters are those of the installed sf (${jwtCommand})`, () => {
      const flags = sfFlags(jwtCommand);
      for (const [name, letter] of Object.entries(SF_SHORT)) expect([name, flags[name]?.char]).toEqual([name, letter]);
      // Every flag both have carries the same letter; no letter of ours means another of sf's flags (by its letter
      // or by a one-letter alias sf still accepts, such as -u for --username).
      const lettersOf = (f: SfFlags[string]) => [f.char, ...(f.aliases ?? [])].filter((a) => a?.length === 1);
      const sfLetters = new Map(Object.entries(flags).flatMap(([name, f]) => lettersOf(f).map((a) => [a, name])));
      for (const row of LOGIN_OPTIONS.filter((r) => r.short)) {
        expect([row.name, sfLetters.get(row.short as string) ?? row.name]).toEqual([row.name, row.name]);
      }
    });
  } else {
    it.skip(`the letters are those of the installed sf: needs SFJWT_SF_BIN (script/bootstrap --sf-cli), ${
      sfBin ? `and ${candidate} is missing` : 'which is not set'
    }`, () => {});
  }
});
