// Holds action.yml to the GitHub Marketplace's rules for an action's metadata, and every workflow here to actions
// pinned by commit SHA (this action handles credentials; a moved tag must not change what runs).
import { describe, expect, it } from '@jest/globals';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { readAction } from '../test-support/action-docs.mjs';
import { repoRoot } from '../test-support/runner.mjs';

/**
 * The branding icons GitHub accepts: Feather v4.28.0 without the brand icons and 13 omitted ones. Copied from GitHub
 * Docs, "Metadata syntax reference", section branding.icon, "Exhaustive list of all currently supported icons"
 * (github/docs, content/actions/reference/workflows-and-actions/metadata-syntax.md, commit 8e574c60). The list is
 * GitHub's own: it holds `table`, which Feather 4.28.0 lacks, and omits `pen-tool`.
 */
const BRANDING_ICONS: ReadonlySet<string> = new Set(
  `
activity airplay alert-circle alert-octagon alert-triangle align-center align-justify align-left align-right anchor
aperture archive arrow-down-circle arrow-down-left arrow-down-right arrow-down arrow-left-circle arrow-left
arrow-right-circle arrow-right arrow-up-circle arrow-up-left arrow-up-right arrow-up at-sign award bar-chart-2
bar-chart battery-charging battery bell-off bell bluetooth bold book-open book bookmark box briefcase calendar
camera-off camera cast check-circle check-square check chevron-down chevron-left chevron-right chevron-up
chevrons-down chevrons-left chevrons-right chevrons-up circle clipboard clock cloud-drizzle cloud-lightning
cloud-off cloud-rain cloud-snow cloud code command compass copy corner-down-left corner-down-right corner-left-down
corner-left-up corner-right-down corner-right-up corner-up-left corner-up-right cpu credit-card crop crosshair
database delete disc dollar-sign download-cloud download droplet edit-2 edit-3 edit external-link eye-off eye
fast-forward feather file-minus file-plus file-text file film filter flag folder-minus folder-plus folder gift
git-branch git-commit git-merge git-pull-request globe grid hard-drive hash headphones heart help-circle home image
inbox info italic layers layout life-buoy link-2 link list loader lock log-in log-out mail map-pin map maximize-2
maximize menu message-circle message-square mic-off mic minimize-2 minimize minus-circle minus-square minus monitor
moon more-horizontal more-vertical move music navigation-2 navigation octagon package paperclip pause-circle pause
percent phone-call phone-forwarded phone-incoming phone-missed phone-off phone-outgoing phone pie-chart play-circle
play plus-circle plus-square plus pocket power printer radio refresh-ccw refresh-cw repeat rewind rotate-ccw
rotate-cw rss save scissors search send server settings share-2 share shield-off shield shopping-bag shopping-cart
shuffle sidebar skip-back skip-forward slash sliders smartphone speaker square star stop-circle sun sunrise sunset
table tablet tag target terminal thermometer thumbs-down thumbs-up toggle-left toggle-right trash-2 trash
trending-down trending-up triangle truck tv type umbrella underline unlock upload-cloud upload user-check user-minus
user-plus user-x user users video-off video voicemail volume-1 volume-2 volume-x volume watch wifi-off wifi wind
x-circle x-square x zap-off zap zoom-in zoom-out
`
    .split(/\s+/)
    .filter(Boolean)
);
/** Omitted by GitHub although Feather has them (same page, "Omitted icons"). */
const OMITTED_ICONS =
  'coffee columns divide-circle divide-square divide frown hexagon key meh mouse-pointer smile tool x-octagon';
/** branding.color, same page. */
const BRANDING_COLORS: ReadonlySet<string> = new Set([
  'white',
  'black',
  'yellow',
  'blue',
  'green',
  'orange',
  'red',
  'purple',
  'gray-dark'
]);
/** The Marketplace refuses a release whose action description is longer. */
const MAX_DESCRIPTION = 125;

type Described = Record<string, { description?: unknown } | null>;
interface ActionMetadata {
  name?: unknown;
  description?: unknown;
  branding?: { icon?: unknown; color?: unknown };
  inputs?: Described;
  outputs?: Described;
  runs?: { using?: unknown };
}

const text = (value: unknown): string => (typeof value === 'string' ? value.trim() : '');

/** Every Marketplace rule action.yml breaks, one line each. */
function marketplaceProblems(action: ActionMetadata): string[] {
  const problems: string[] = [];
  if (!text(action.name)) problems.push('name is missing');
  const description = text(action.description);
  if (!description) problems.push('description is missing');
  if (description.length > MAX_DESCRIPTION)
    problems.push(`description has ${description.length} characters (at most ${MAX_DESCRIPTION})`);
  const icon = text(action.branding?.icon);
  if (!BRANDING_ICONS.has(icon)) problems.push(`branding.icon "${icon}" is not an icon GitHub accepts`);
  const color = text(action.branding?.color);
  if (!BRANDING_COLORS.has(color)) problems.push(`branding.color "${color}" is not a color GitHub accepts`);
  for (const kind of ['inputs', 'outputs'] as const) {
    for (const [name, entry] of Object.entries(action[kind] ?? {})) {
      if (!text(entry?.description)) problems.push(`${kind}.${name} has no description`);
    }
  }
  if (action.runs?.using !== 'node24') problems.push(`runs.using is "${String(action.runs?.using)}", not node24`);
  return problems;
}

type Workflow = { jobs?: Record<string, { uses?: string; steps?: Array<{ uses?: string }> }> };

/** `uses: <ref>` with an optional `# comment`, as one line of a block-style workflow. */
const USES_LINE = /^\s*(?:-\s+)?uses:\s*(['"]?)([^'"\s#]+)\1\s*(?:#\s*(.*))?$/;
const PINNED = /^[\w.-]+\/[\w.-]+(\/[^@\s]+)?@[0-9a-f]{40}$/;
const VERSION_COMMENT = /^v\d+(\.\d+){0,2}\b/;

/** Every `uses:` of a workflow (steps and reusable-workflow jobs) that is not pinned by SHA with a version comment. */
function unpinnedUses(workflowText: string): string[] {
  const doc = parse(workflowText) as Workflow;
  const used = Object.values(doc.jobs ?? {}).flatMap((job) => [
    ...(job.uses ? [job.uses] : []),
    ...(job.steps ?? []).flatMap((step) => (step.uses ? [step.uses] : []))
  ]);
  const lines = workflowText.split('\n').flatMap((line) => {
    const m = USES_LINE.exec(line);
    return m ? [{ ref: m[2], comment: m[3] ?? '' }] : [];
  });
  return used.flatMap((ref) => {
    if (ref.startsWith('./')) return [];
    const written = lines.filter((l) => l.ref === ref);
    if (written.length === 0) return [`${ref}: write "uses: ${ref}" on a line of its own`];
    if (!PINNED.test(ref)) return [`${ref}: pin the action by its full 40-character commit SHA`];
    if (!written.every((l) => VERSION_COMMENT.test(l.comment)))
      return [`${ref}: add the version after the SHA, e.g. "# v1.2.3"`];
    return [];
  });
}

describe('action.yml meets the GitHub Marketplace rules', () => {
  const action = readAction() as ActionMetadata;

  it('has a name, a short description, allowed branding, described inputs and outputs, and runs on node24', () => {
    expect(marketplaceProblems(action)).toEqual([]);
    expect(Object.keys(action.inputs ?? {}).length).toBeGreaterThan(0);
    expect(Object.keys(action.outputs ?? {}).length).toBeGreaterThan(0);
  });

  const broken: Array<[string, ActionMetadata, string]> = [
    ['no name', { ...action, name: undefined }, 'name is missing'],
    ['a blank name', { ...action, name: '  ' }, 'name is missing'],
    ['no description', { ...action, description: undefined }, 'description is missing'],
    ['126 characters', { ...action, description: 'x'.repeat(126) }, 'description has 126 characters (at most 125)'],
    ['a brand icon', { ...action, branding: { icon: 'github', color: 'blue' } }, 'branding.icon "github" is not'],
    ['an omitted icon', { ...action, branding: { icon: 'key', color: 'blue' } }, 'branding.icon "key" is not'],
    ['no icon', { ...action, branding: { color: 'blue' } }, 'branding.icon "" is not'],
    ['a color GitHub lacks', { ...action, branding: { icon: 'cloud', color: 'pink' } }, 'branding.color "pink" is not'],
    ['an input without description', { ...action, inputs: { x: { description: '' } } }, 'inputs.x has no description'],
    ['an output with no fields', { ...action, outputs: { y: null } }, 'outputs.y has no description'],
    ['node20', { ...action, runs: { using: 'node20' } }, 'runs.using is "node20", not node24']
  ];
  it.each(broken)('the check catches %s', (_, metadata, problem) => {
    expect(marketplaceProblems(metadata)).toEqual([expect.stringContaining(problem)]);
  });

  it("uses GitHub's icon list: 257 icons, none of the omitted ones", () => {
    expect(BRANDING_ICONS.size).toBe(257);
    for (const icon of OMITTED_ICONS.split(' ')) expect(BRANDING_ICONS.has(icon)).toBe(false);
  });
});

describe('workflows pin every action by commit SHA', () => {
  const dir = join(repoRoot, '.github', 'workflows');
  const files = readdirSync(dir).filter((f) => /\.ya?ml$/.test(f));

  it.each(files.map((f) => [f]))('%s', (file) => {
    const workflow = readFileSync(join(dir, file), 'utf8');
    expect(unpinnedUses(workflow)).toEqual([]);
  });

  it('finds pinned actions to check', () => {
    const pinned = files.flatMap(
      (f) => readFileSync(join(dir, f), 'utf8').match(/uses: [\w.-]+\/[\w.-]+@[0-9a-f]{40}/g) ?? []
    );
    expect(pinned.length).toBeGreaterThanOrEqual(files.length);
  });

  const sha = 'fbc6f3992d24b796d5a048ff273f7fcc4a7b6c09';
  const steps = (...lines: string[]) => ['jobs:', '  j:', '    steps:', ...lines.map((l) => `      ${l}`)].join('\n');
  it.each([
    ['a SHA with its version', steps(`- uses: actions/checkout@${sha} # v5.1.0`), []],
    ['a quoted reference', steps(`- uses: 'actions/checkout@${sha}' # v5`), []],
    ['the action itself', steps('- uses: ./'), []],
    ['a reusable workflow', `jobs:\n  r:\n    uses: o/r/.github/workflows/w.yml@${sha} # v1.0.0\n`, []],
    ['a major tag', steps('- uses: actions/checkout@v5'), ['actions/checkout@v5: pin the action']],
    ['a branch', steps('- uses: actions/checkout@main # v5'), ['actions/checkout@main: pin the action']],
    ['a short SHA', steps('- uses: actions/checkout@fbc6f39 # v5'), ['actions/checkout@fbc6f39: pin the action']],
    ['no version comment', steps(`- uses: actions/checkout@${sha}`), [`actions/checkout@${sha}: add the version`]],
    ['a comment without a version', steps(`- uses: actions/checkout@${sha} # pinned`), [`@${sha}: add the version`]],
    ['a flow-style step', steps(`- { uses: actions/checkout@${sha} }`), [`@${sha}: write "uses:`]]
  ])('the check judges %s', (_, workflow, expected) => {
    expect(unpinnedUses(workflow)).toEqual(expected.map((p) => expect.stringContaining(p)));
  });
});
