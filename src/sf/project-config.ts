/**
 * A project's own sf config, which outranks the global files a login writes its defaults to (docs/sf-state.md §6):
 * sf reads `<project>/.sf/config.json` and its legacy mirror `<project>/.sfdx/sfdx-config.json` inside an sfdx
 * project, found as sf finds it, from the folder sf runs in up to the nearest `sfdx-project.json`. When one of them
 * sets a default this login set, sf commands in that project keep using the project's value: say so, with the fix.
 */
import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { quoteText } from '../util/text.js';
import { fileBytes, parseObject } from './changes.js';
import { CONFIG_KEYS, type ConfigKey } from './paths.js';

/** The sfdx project `dir` is in (the nearest folder upwards with sfdx-project.json), as sf resolves it. */
export function projectRoot(dir: string): string | undefined {
  for (let at = resolve(dir); ; at = dirname(at)) {
    if (existsSync(join(at, 'sfdx-project.json'))) return at;
    if (dirname(at) === at) return undefined;
  }
}

const shadowed = (file: string, name: string, value: unknown, key: ConfigKey): string =>
  `${file} sets ${name} to ${quoteText(String(value), 200)}, which outranks the ${key} this login set in your ` +
  `home folder for every sf command run in this project. Run \`sf config unset ${key}\` in the project (or remove ` +
  `"${name}" from that file) to use this login's org there.`;

/**
 * One warning for each project-local config entry that shadows one of `keys`; none outside an sfdx project, nor
 * when the project is the home folder itself (its config files are then the global ones).
 */
export function shadowingProjectConfig(dir: string, keys: readonly ConfigKey[], home: string): string[] {
  const root = keys.length ? projectRoot(dir) : undefined;
  if (!root || root === resolve(home)) return [];
  const files = [
    [join(root, '.sf', 'config.json'), 'sf'],
    [join(root, '.sfdx', 'sfdx-config.json'), 'sfdx']
  ] as const;
  const warnings: string[] = [];
  for (const [file, kind] of files) {
    const content = parseObject(fileBytes(file));
    for (const key of keys) {
      const name = CONFIG_KEYS[key][kind];
      if (content?.[name] !== undefined && content[name] !== '')
        warnings.push(shadowed(file, name, content[name], key));
    }
  }
  return warnings;
}
