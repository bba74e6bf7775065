// The release notes for one version tag: that version's section of CHANGELOG.md, printed for `gh release create
// --notes-file` (.github/workflows/release.yml). A tag with no section, an empty section, or a tag that disagrees
// with package.json's version stops the release before anything is published.
//
//   node script/release-notes.mjs v1.2.3 [CHANGELOG.md] [package.json]
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const repoRoot = join(dirname(fileURLToPath(import.meta.url)), '..');

/** A release tag `v<major>.<minor>.<patch>[-<prerelease>]`, split into what the workflow needs. */
export function parseTag(tag) {
  const m = /^v(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)(-[0-9A-Za-z-]+(\.[0-9A-Za-z-]+)*)?$/.exec(tag);
  if (!m) throw new Error(`"${tag}" is not a release tag: use v<major>.<minor>.<patch>, e.g. v1.2.3 or v1.3.0-rc.1.`);
  return { version: tag.slice(1), major: `v${m[1]}`, prerelease: m[4] !== undefined };
}

const escapeRegExp = (text) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * The body of the `## <version>` section (also `## v<version>` and `## [<version>]`, with anything after it on the
 * line, such as a date), up to the next `## ` heading. Link reference definitions at its end are dropped.
 */
export function releaseNotes(changelog, version) {
  const lines = changelog.replace(/\r\n/g, '\n').split('\n');
  const heading = new RegExp(`^##\\s+\\[?v?${escapeRegExp(version)}\\]?(?=\\s|$)`);
  const starts = lines.flatMap((line, i) => (heading.test(line) ? [i] : []));
  if (starts.length === 0) {
    throw new Error(`CHANGELOG.md has no "## ${version}" section: add one with the changes of this release.`);
  }
  if (starts.length > 1) throw new Error(`CHANGELOG.md has ${starts.length} "## ${version}" sections; keep one.`);
  if (/unreleased/i.test(lines[starts[0]])) {
    throw new Error(`CHANGELOG.md's "## ${version}" section is still marked unreleased: replace that with the date.`);
  }
  const rest = lines.slice(starts[0] + 1);
  const end = rest.findIndex((line) => /^##\s/.test(line));
  const body = (end < 0 ? rest : rest.slice(0, end)).filter((line) => !/^\[[^\]]+\]:\s/.test(line));
  const text = body.join('\n').trim();
  if (!text) throw new Error(`CHANGELOG.md's "## ${version}" section is empty: list the changes of this release.`);
  return `${text}\n`;
}

/** The notes for `tag`, after checking that package.json names the same version. */
export function notesForTag(tag, changelog, packageJson) {
  const { version } = parseTag(tag);
  const declared = JSON.parse(packageJson).version;
  if (declared !== version) {
    throw new Error(`The tag ${tag} does not match package.json's version ${declared}: tag the commit that sets it.`);
  }
  return releaseNotes(changelog, version);
}

function main([tag, changelogPath = join(repoRoot, 'CHANGELOG.md'), packagePath = join(repoRoot, 'package.json')]) {
  if (!tag) throw new Error('usage: node script/release-notes.mjs <tag> [CHANGELOG.md] [package.json]');
  process.stdout.write(notesForTag(tag, readFileSync(changelogPath, 'utf8'), readFileSync(packagePath, 'utf8')));
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  try {
    main(process.argv.slice(2));
  } catch (err) {
    process.stderr.write(`release-notes: ${err.message}\n`);
    process.exitCode = 1;
  }
}
