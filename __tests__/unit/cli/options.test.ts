// The option table: parsing, defaults, aliases and usage errors, and the --help made from the same rows.
import { describe, expect, it } from '@jest/globals';
import { UsageError, helpText, namesFrom, optionTable, parseOptions } from '../../../src/cli/options.js';

const rows = optionTable([
  {
    name: 'cert',
    aliases: ['certificate'],
    type: 'string',
    arg: '<file>',
    required: 'the certificate',
    help: 'the file'
  },
  {
    name: 'days',
    short: 'd',
    type: 'string',
    arg: '<n>',
    field: 'certificateExpiryWarningDays',
    default: 30,
    help: 'days'
  },
  { name: 'ou', type: 'multiple', arg: '<unit>', help: 'a unit (may be repeated)' },
  { name: 'print-key', type: 'boolean', default: true, help: 'do not print the key' },
  { name: 'json', type: 'boolean', field: 'writeSfState', help: 'print JSON' }
]);
const parse = (args: string[]) => parseOptions('demo', rows, args);

function usageError(args: string[]): UsageError {
  try {
    parse(args);
  } catch (err) {
    return err as UsageError;
  }
  throw new Error(`no error for ${JSON.stringify(args)}`);
}

describe('parseOptions', () => {
  it('reads every type, applies defaults and folds aliases into the row name', () => {
    expect(parse(['--certificate', 'a.crt', '-d', '5', '--ou', 'x', '--ou', 'y', '--no-print-key', '--json'])).toEqual({
      cert: 'a.crt',
      days: '5',
      ou: ['x', 'y'],
      'print-key': false,
      json: true
    });
    expect(parse(['--cert', 'a.crt'])).toEqual({
      cert: 'a.crt',
      days: '30',
      ou: undefined,
      'print-key': true,
      json: undefined
    });
  });

  it.each([
    [['--cert', 'a', '--bogus'], 'demo has no option --bogus; see sf-jwt-login demo --help.'],
    [['--cert'], '--cert needs a value; see sf-jwt-login demo --help.'],
    [['--cert', 'a', '--json=yes'], '--json takes no value; see sf-jwt-login demo --help.'],
    [['--cert', 'a', 'extra'], 'demo takes no arguments besides options (got "extra"); see sf-jwt-login demo --help.'],
    [[], 'demo needs --cert <file>, the certificate; see sf-jwt-login demo --help.'],
    [['--cert', 'a', '--certificate', 'b'], '--cert and --certificate are the same option; give it once.']
  ])('%j is wrong use, in one line', (args, message) => {
    const err = usageError(args);
    expect(err).toBeInstanceOf(UsageError);
    expect(err.message).toBe(message);
  });

  it('takes the same value given under two names once', () => {
    expect(parse(['--cert', 'a', '--certificate', 'a']).cert).toBe('a');
  });
});

describe('helpText', () => {
  const help = helpText('demo', rows, { usage: '--cert <file> [options]', about: 'Does a demo.', footer: 'The end.' });

  it('lists every row, with its short name, placeholder, default, aliases and --no- form', () => {
    const lines = help.split('\n');
    expect(lines.slice(0, 5)).toEqual([
      'Usage: sf-jwt-login demo --cert <file> [options]',
      '',
      'Does a demo.',
      '',
      'Options:'
    ]);
    expect(lines).toContain('      --cert <file>   the file (alias --certificate)');
    expect(lines).toContain('  -d, --days <n>      days (default 30)');
    expect(lines).toContain('      --no-print-key  do not print the key');
    expect(lines).toContain('  -h, --help          show this help');
    expect(lines.at(-1)).toBe('The end.');
    expect(lines.filter((l) => /^ {2}(-\w, | {4})--/.test(l))).toHaveLength(rows.length + 1);
  });

  it('wraps long help under its own column', () => {
    const long = optionTable([{ name: 'x', type: 'boolean', help: 'word '.repeat(40).trim() }]);
    const lines = helpText('demo', long, { usage: '', about: '' }).split('\n').slice(5);
    expect(lines.length).toBeGreaterThan(1);
    for (const line of lines) expect(line.length).toBeLessThanOrEqual(118);
    expect(lines[1]).toMatch(/^ {14}word/);
  });
});

describe('namesFrom', () => {
  it("names a login field by its row's flag, or by an override", () => {
    const nameOf = namesFrom(rows, { privateKey: 'SF_JWT_KEY' });
    expect(nameOf('certificateExpiryWarningDays')).toBe('--days');
    expect(nameOf('privateKey')).toBe('SF_JWT_KEY');
    expect(() => nameOf('clientId')).toThrow(/no option for the login field clientId/);
  });
});
