// docs/TROUBLESHOOTING.md cannot go stale silently: every OAuth error kind has an entry that names Salesforce's own
// words, every message piece an entry quotes (its `<!-- src: "…" -->` markers) still exists in src/ and is shown by
// the entry, every module that throws UserErrors has an entry, and the links between the docs resolve.
import { describe, expect, it } from '@jest/globals';
import { readFileSync, readdirSync } from 'node:fs';
import { join, relative } from 'node:path';
import { repoRoot } from '../../../test-support/runner.mjs';
import { nameInput } from '../../../src/action/inputs.js';
import {
  classifyOAuthError,
  describeOAuthError,
  type HintContext,
  type OAuthError,
  type OAuthErrorKind
} from '../../../src/login/oauth-errors.js';
import { PRODUCTION_LOGIN_URL } from '../../../src/login/login-url.js';
import { CLI_COMMAND } from '../../../src/util/cli-command.js';

/**
 * One answer Salesforce gives for each kind (docs/sf-state.md §1). `satisfies` makes a new kind in oauth-errors.ts
 * a type error here until it has an answer, and so an entry.
 */
const SALESFORCE_ANSWERS = {
  'not-approved': { error: 'invalid_grant', description: "user hasn't approved this consumer" },
  audience: { error: 'invalid_grant', description: 'audience is invalid' },
  'client-id': { error: 'invalid_client_id', description: 'client identifier invalid' },
  assertion: { error: 'invalid_grant', description: 'invalid assertion' },
  'app-access': { error: 'invalid_app_access', description: 'user is not admin approved to access this app' },
  'auth-failure': { error: 'invalid_grant', description: 'authentication failure' },
  'eca-not-installed': { error: 'invalid_grant', description: 'External client app is not installed in this org' },
  other: { error: 'unsupported_grant_type', description: 'grant type not supported' }
} satisfies Record<OAuthErrorKind, OAuthError>;

/**
 * Modules whose UserErrors no user of the action or the command line can meet yet (none since the key-store choice
 * is wired into the sf state write, docs/sf-state.md §7). A test below ends an exemption once something imports it.
 */
const NOT_WIRED: string[] = [];

/** Modules that only re-throw another module's UserError as wrong use (exit code 2), with no words of their own. */
const RETHROWERS = ['src/cli/command.ts'];

/** Who and where, for the hints; the values do not matter, only that every hint is built. */
const login = { clientId: '3MVG9docs', username: 'docs@example.com', loginUrl: PRODUCTION_LOGIN_URL };
const HINT_CONTEXT: HintContext = {
  ...login,
  audiences: [login.loginUrl],
  approvalTimeoutSeconds: 60,
  nameOf: nameInput
};

const DOCS = ['TROUBLESHOOTING.md', 'SECURITY_CONSIDERATIONS.md', 'MIGRATING.md'];
const readDoc = (name: string): string => readFileSync(join(repoRoot, 'docs', name), 'utf8');

/** A piece of a page: from one heading (levels 1-3) to the next, with its markers and its visible text. */
interface Block {
  heading: string;
  text: string;
  /** The text without HTML comments, whitespace collapsed: what a reader sees. */
  visible: string;
  fragments: string[];
  kinds: string[];
}

const collapse = (text: string): string => text.replace(/\s+/g, ' ').trim();
const SRC_MARKER = /<!-- src: "(.*?)" -->/g;
const OAUTH_MARKER = /<!-- oauth: ([a-z-]+) -->/g;

/** Headings outside fenced code, with the text under each. */
function blocks(markdown: string): Block[] {
  const found: Array<{ heading: string; lines: string[] }> = [{ heading: '', lines: [] }];
  let fenced = false;
  for (const line of markdown.split('\n')) {
    if (/^\s*```/.test(line)) fenced = !fenced;
    const heading = fenced ? undefined : /^#{1,3} (.*)$/.exec(line)?.[1];
    if (heading !== undefined) found.push({ heading, lines: [] });
    else found[found.length - 1].lines.push(line);
  }
  return found.map(({ heading, lines }) => {
    const text = lines.join('\n');
    return {
      heading,
      text,
      visible: collapse(text.replace(/<!--[\s\S]*?-->/g, ' ')),
      fragments: [...text.matchAll(SRC_MARKER)].map((m) => m[1]),
      kinds: [...text.matchAll(OAUTH_MARKER)].map((m) => m[1])
    };
  });
}

/** Every heading of a page (levels 1-6, outside fenced code) as GitHub makes its anchor. */
function anchors(markdown: string): Set<string> {
  const slugs = new Set<string>();
  let fenced = false;
  for (const line of markdown.split('\n')) {
    if (/^\s*```/.test(line)) fenced = !fenced;
    const heading = fenced ? undefined : /^#{1,6} (.*)$/.exec(line)?.[1];
    if (heading === undefined) continue;
    const slug = heading
      .trim()
      .toLowerCase()
      .replace(/[^\p{L}\p{N} _-]/gu, '')
      .replace(/ /g, '-');
    let unique = slug;
    for (let n = 1; slugs.has(unique); n++) unique = `${slug}-${n}`;
    slugs.add(unique);
  }
  return slugs;
}

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? sourceFiles(join(dir, e.name)) : e.name.endsWith('.ts') ? [join(dir, e.name)] : []
  );
}

const sources = new Map(
  sourceFiles(join(repoRoot, 'src')).map((f) => [relative(repoRoot, f).split('\\').join('/'), readFileSync(f, 'utf8')])
);
const page = readDoc('TROUBLESHOOTING.md');
const pageBlocks = blocks(page);
const fragments = pageBlocks.flatMap((b) => b.fragments);
const filesWith = (fragment: string): string[] =>
  [...sources].filter(([, text]) => text.includes(fragment)).map(([f]) => f);

describe('docs/TROUBLESHOOTING.md', () => {
  it('has markers the test can read', () => {
    expect(fragments.length).toBeGreaterThan(80);
    // A marker the pattern does not read would be ignored silently.
    expect(page.match(/<!-- src:/g)?.length).toBe(fragments.length);
    expect(page.match(/<!-- oauth:/g)?.length).toBe(pageBlocks.flatMap((b) => b.kinds).length);
  });

  it.each(fragments.map((f) => [f]))('quotes "%s", which src/ still has', (fragment) => {
    expect(filesWith(fragment)).not.toEqual([]);
  });

  it('shows every quoted piece in the entry that names it', () => {
    const hidden = pageBlocks.flatMap((b) =>
      b.fragments.filter((f) => !b.visible.includes(collapse(f))).map((f) => `${b.heading}: ${f}`)
    );
    expect(hidden).toEqual([]);
  });

  it.each(Object.entries(SALESFORCE_ANSWERS))('has one entry for OAuth errors of kind %s', (kind, answer) => {
    expect(classifyOAuthError(answer)).toBe(kind);
    const entries = pageBlocks.filter((b) => b.kinds.includes(kind));
    expect(entries.map((b) => b.heading)).toHaveLength(1);
    const [entry] = entries;
    if (kind !== 'other') {
      // Named with Salesforce's own words, so a reader searching for them lands here.
      expect(entry.heading.toLowerCase()).toContain(answer.description.toLowerCase());
      expect(entry.visible).toContain(`${answer.error}: ${answer.description}`);
    }
    // The message the action fails with for this answer must be the one the entry quotes.
    const message = describeOAuthError(answer, HINT_CONTEXT);
    expect(entry.fragments.filter((f) => message.includes(f))).not.toEqual([]);
  });

  it('has an entry for every module that throws UserErrors', () => {
    const throwing = [...sources]
      .filter(([, text]) => /new (UserError|UsageError)\(/.test(text))
      .filter(([file]) => !NOT_WIRED.includes(file) && !RETHROWERS.includes(file))
      .map(([file]) => file);
    expect(throwing.length).toBeGreaterThan(10);
    const undocumented = throwing.filter((file) => !fragments.some((f) => sources.get(file)?.includes(f)));
    expect(undocumented).toEqual([]);
  });

  it('exempts only modules nothing imports yet, and re-throwers', () => {
    const importers = [...sources]
      .filter(([file]) => !NOT_WIRED.includes(file))
      .filter(([, text]) => NOT_WIRED.some((f) => text.includes(`/${f.split('/').pop()?.replace(/\.ts$/, '.js')}'`)))
      .map(([file]) => file);
    expect(importers).toEqual([]);
    for (const file of NOT_WIRED) expect(sources.has(file)).toBe(true);
    for (const file of RETHROWERS) {
      const throws = sources.get(file)?.match(/new (UserError|UsageError)\([^;]*/g) ?? [];
      expect(throws.length).toBeGreaterThan(0);
      for (const t of throws) expect(t).toContain('err.message');
    }
  });
});

describe('the docs set', () => {
  it.each(DOCS.map((d) => [d]))('%s links only to headings that exist', (name) => {
    const broken: string[] = [];
    for (const [, file, anchor] of readDoc(name).matchAll(/\]\(([A-Z_]+\.md)?#([^)\s]+)\)/g)) {
      if (!anchors(readDoc(file ?? name)).has(anchor)) broken.push(`${file ?? name}#${anchor}`);
    }
    expect(broken).toEqual([]);
  });

  it.each(DOCS.map((d) => [d]))('%s runs the command line as the published package', (name) => {
    for (const run of readDoc(name).match(/npx [^\n`]*?(?= (keygen|check|login)\b)/g) ?? []) {
      expect(run).toBe(CLI_COMMAND);
    }
  });

  it('the README lists every doc', () => {
    const readme = readFileSync(join(repoRoot, 'README.md'), 'utf8');
    for (const name of DOCS) expect(readme).toContain(`(docs/${name})`);
  });
});
