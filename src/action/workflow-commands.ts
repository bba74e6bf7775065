/**
 * The part of @actions/core this action uses, built from core's own command encoders (command.js, file-command.js,
 * summary.js) instead of its index. The index also loads core's OIDC client and, through it, @actions/http-client and
 * undici, plus @actions/exec for platform details: about 470 kB of bundle and 40-45 ms of start-up on every login
 * for features a login never uses (measured with `npm run bench`). The workflow-command encoding, the part that must
 * match the runner, stays core's; the functions here are the same thin wrappers core's index has.
 */
import { EOL } from 'node:os';
import { delimiter } from 'node:path';
// Not in core's package exports; referenced by path so the bundle takes only these modules.
import { issueCommand } from '../../node_modules/@actions/core/lib/command.js';
import { issueFileCommand, prepareKeyValueMessage } from '../../node_modules/@actions/core/lib/file-command.js';
import { toCommandProperties } from '../../node_modules/@actions/core/lib/utils.js';
export { summary } from '../../node_modules/@actions/core/lib/summary.js';

export function getInput(name: string): string {
  return (process.env[`INPUT_${name.replace(/ /g, '_').toUpperCase()}`] || '').trim();
}

export function setSecret(secret: string): void {
  issueCommand('add-mask', {}, secret);
}

function fileOrCommand(file: 'OUTPUT' | 'ENV' | 'STATE', command: string, name: string, value: string): void {
  if (process.env[`GITHUB_${file}`]) issueFileCommand(file, prepareKeyValueMessage(name, value));
  else issueCommand(command, { name }, value);
}

export function setOutput(name: string, value: string): void {
  fileOrCommand('OUTPUT', 'set-output', name, value);
}

export function exportVariable(name: string, value: string): void {
  process.env[name] = value;
  fileOrCommand('ENV', 'set-env', name, value);
}

export function saveState(name: string, value: string): void {
  fileOrCommand('STATE', 'save-state', name, value);
}

export function getState(name: string): string {
  return process.env[`STATE_${name}`] || '';
}

export function addPath(dir: string): void {
  if (process.env.GITHUB_PATH) issueFileCommand('PATH', dir);
  else issueCommand('add-path', {}, dir);
  process.env.PATH = `${dir}${delimiter}${process.env.PATH}`;
}

export function info(message: string): void {
  process.stdout.write(message + EOL);
}

export function debug(message: string): void {
  issueCommand('debug', {}, message);
}

export function warning(message: string): void {
  issueCommand('warning', toCommandProperties({}), message);
}

export function error(message: string): void {
  issueCommand('error', toCommandProperties({}), message);
}

export function setFailed(message: string): void {
  process.exitCode = 1;
  error(message);
}
