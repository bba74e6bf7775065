// The release notes come from exactly one CHANGELOG.md section, and every way a release could go out with wrong or
// missing notes stops it with one clear line.
import { afterAll, describe, expect, it } from '@jest/globals';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { notesForTag, parseTag, releaseNotes } from '../../../script/release-notes.mjs';
import { repoRoot } from '../../../test-support/runner.mjs';

const CHANGELOG = [
  '# Changelog',
  '',
  '## Unreleased',
  '',
  '- not yet',
  '',
  '## [1.2.30] - 2026-06-01',
  '',
  '- thirty',
  '',
  '## 1.2.3-rc.1',
  '',
  '- candidate',
  '',
  '## v1.2.3 (2026-05-01)',
  '',
  '### Fixed',
  '',
  '- the fix',
  '',
  '## 1.2.2',
  '',
  '- older',
  '',
  '[1.2.2]: https://example.invalid/compare/v1.2.1...v1.2.2'
].join('\n');

describe('parseTag', () => {
  it('splits a release tag into version, major tag and pre-release flag', () => {
    expect(parseTag('v1.2.3')).toEqual({ version: '1.2.3', major: 'v1', prerelease: false });
    expect(parseTag('v10.0.0')).toEqual({ version: '10.0.0', major: 'v10', prerelease: false });
    expect(parseTag('v1.3.0-rc.1')).toEqual({ version: '1.3.0-rc.1', major: 'v1', prerelease: true });
  });

  it.each([['1.2.3'], ['v1'], ['v1.2'], ['v01.2.3'], ['v1.2.3.4'], ['v1.2.3-'], ['v1.2.3\n'], ['release-1.2.3']])(
    'refuses %j',
    (tag) => {
      expect(() => parseTag(tag)).toThrow(/is not a release tag: use v<major>\.<minor>\.<patch>/);
    }
  );
});

describe('releaseNotes', () => {
  it('returns the body of the one section for the version, with its sub-headings', () => {
    expect(releaseNotes(CHANGELOG, '1.2.3')).toBe('### Fixed\n\n- the fix\n');
  });

  it('matches the version exactly, not a longer one or a pre-release of it', () => {
    expect(releaseNotes(CHANGELOG, '1.2.30')).toBe('- thirty\n');
    expect(releaseNotes(CHANGELOG, '1.2.3-rc.1')).toBe('- candidate\n');
  });

  it('drops the link reference definitions that end the last section, and reads CRLF files', () => {
    expect(releaseNotes(CHANGELOG.replace(/\n/g, '\r\n'), '1.2.2')).toBe('- older\n');
  });

  it('refuses a version with no section, two sections, an empty section or one still marked unreleased', () => {
    expect(() => releaseNotes(CHANGELOG, '9.9.9')).toThrow('CHANGELOG.md has no "## 9.9.9" section');
    expect(() => releaseNotes(`${CHANGELOG}\n\n## 1.2.2\n\n- again\n`, '1.2.2')).toThrow('has 2 "## 1.2.2" sections');
    expect(() => releaseNotes('## 2.0.0\n\n\n## 1.0.0\n- one\n', '2.0.0')).toThrow('"## 2.0.0" section is empty');
    expect(() => releaseNotes('## 2.0.0 (unreleased)\n- two\n', '2.0.0')).toThrow('still marked unreleased');
  });
});

describe('notesForTag', () => {
  const pkg = (version: string) => JSON.stringify({ name: 'sf-jwt-login', version });

  it('gives the notes when the tag and package.json agree', () => {
    expect(notesForTag('v1.2.3', CHANGELOG, pkg('1.2.3'))).toBe('### Fixed\n\n- the fix\n');
  });

  it('refuses a tag that package.json does not declare', () => {
    expect(() => notesForTag('v1.2.3', CHANGELOG, pkg('1.2.2'))).toThrow(
      "The tag v1.2.3 does not match package.json's version 1.2.2"
    );
  });

  it("finds notes in this repository's CHANGELOG.md for package.json's version", () => {
    const packageJson = readFileSync(join(repoRoot, 'package.json'), 'utf8');
    const changelog = readFileSync(join(repoRoot, 'CHANGELOG.md'), 'utf8');
    const notes = notesForTag(`v${JSON.parse(packageJson).version}`, changelog, packageJson);
    expect(notes.trim().length).toBeGreaterThan(0);
  });
});

describe('node script/release-notes.mjs', () => {
  const dir = mkdtempSync(join(tmpdir(), 'sfjwt-release-notes-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const changelog = join(dir, 'CHANGELOG.md');
  const packageJson = join(dir, 'package.json');
  writeFileSync(changelog, CHANGELOG);
  writeFileSync(packageJson, JSON.stringify({ version: '1.2.3' }));
  const run = (...args: string[]) =>
    spawnSync(process.execPath, [join(repoRoot, 'script', 'release-notes.mjs'), ...args], { encoding: 'utf8' });

  it('prints the notes and nothing else', () => {
    const result = run('v1.2.3', changelog, packageJson);
    expect(result).toMatchObject({ status: 0, stdout: '### Fixed\n\n- the fix\n', stderr: '' });
  });

  it('fails with one line that says what to fix, and prints no notes', () => {
    const result = run('v1.2.4', changelog, packageJson);
    expect(result.status).toBe(1);
    expect(result.stdout).toBe('');
    expect(result.stderr).toBe(
      "release-notes: The tag v1.2.4 does not match package.json's version 1.2.3: tag the commit that sets it.\n"
    );
    expect(run().stderr).toMatch(/^release-notes: usage: node script\/release-notes\.mjs <tag>/);
  });
});
