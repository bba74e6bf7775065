/**
 * The command line's Node.js floor, checked before anything else runs. src/cli/index.ts imports this module first,
 * so in the one-file bundle (dist/cli.js) its body runs before any other module's: on an older Node the command
 * line prints one line and exits 1 before it reads an option or writes a file. It imports only node:fs and a
 * module of constants, and uses no syntax or API newer than Node 12, so it works where the rest would break.
 *
 * package.json's engines.node says the same floor (held together by __tests__/package.test.ts).
 */
import { writeSync } from 'node:fs';
import { CLI_NAME } from '../util/cli-command.js';

/** The oldest Node.js major the command line supports (an LTS line still in maintenance). */
export const MIN_NODE_MAJOR = 22;

/** The refusal for `version` (e.g. "20.20.2"), or undefined when the command line can run on it. */
export function nodeVersionProblem(version: string): string | undefined {
  const major = Number(version.split('.')[0]);
  if (major >= MIN_NODE_MAJOR) return undefined;
  return (
    `error: ${CLI_NAME} needs Node.js ${MIN_NODE_MAJOR} or later, and this is Node.js ${version}; ` +
    `install Node.js ${MIN_NODE_MAJOR} LTS or newer (https://nodejs.org) and run it again.`
  );
}

const problem = nodeVersionProblem(process.versions.node);
if (problem) {
  // A synchronous write: process.exit() does not wait for a pipe's pending writes on every platform.
  writeSync(2, `${problem}\n`);
  process.exit(1);
}
