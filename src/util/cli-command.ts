/**
 * How a user starts the command line, in one place: every message that suggests running it (the action's key and
 * certificate hints, the command line's own hints) builds the command from here, so it always names a package that
 * exists. The package is published as `@sf-jwt-login/cli`; its one bin is `sf-jwt-login`.
 */

/** The npm package that ships dist/cli.js. */
export const CLI_PACKAGE = '@sf-jwt-login/cli';

/** The bin name, as installed (`npm install -g`); help texts use it as the usage name. */
export const CLI_NAME = 'sf-jwt-login';

/** What a user runs without installing anything: `npx --yes @sf-jwt-login/cli`. */
export const CLI_COMMAND = `npx --yes ${CLI_PACKAGE}`;

/** The full command for `args`, e.g. `npx --yes @sf-jwt-login/cli keygen`. */
export function cliCommand(args: string): string {
  return `${CLI_COMMAND} ${args}`;
}
