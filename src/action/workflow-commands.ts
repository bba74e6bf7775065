/**
 * The runner's workflow-command protocol, as GitHub documents it ("Workflow commands for GitHub Actions"): stdout
 * commands `::name key=value,key=value::data`, and the file commands (GITHUB_OUTPUT, GITHUB_ENV, GITHUB_STATE,
 * GITHUB_PATH) with the `name<<delimiter` heredoc form. Owned here instead of imported from @actions/core: core's
 * index also loads its OIDC client, @actions/http-client, undici and @actions/exec, about 470 kB of bundle and
 * 40-45 ms of start-up on every login for features a login never uses. A contract test
 * (__tests__/unit/action/workflow-commands.test.ts) holds every byte written here to what @actions/core writes;
 * log lines (info, debug, warning, error, setFailed) are sanitised first, then written exactly as core does.
 */
import { randomUUID } from 'node:crypto';
import { appendFileSync, existsSync } from 'node:fs';
import { EOL } from 'node:os';
import { delimiter as PATH_LIST_SEPARATOR } from 'node:path';
import { annotationText, oneLine } from '../util/text.js';

type FileCommand = 'OUTPUT' | 'ENV' | 'STATE' | 'PATH';

/** Command data: the runner decodes %25, %0D and %0A, so a value cannot end the command line early. */
export function escapeData(data: string): string {
  return data.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}

/** Property values also end at `,` (next property) and `:` (start of the data). */
export function escapeProperty(value: string): string {
  return escapeData(value).replace(/:/g, '%3A').replace(/,/g, '%2C');
}

/** Writes `::name key=value,...::data`; properties with an empty value are left out, as the runner expects. */
export function issueCommand(name: string, properties: Record<string, string>, data: string): void {
  const names = Object.keys(properties);
  const props = names.filter((key) => properties[key]).map((key) => `${key}=${escapeProperty(properties[key])}`);
  process.stdout.write(`::${name}${names.length ? ` ${props.join(',')}` : ''}::${escapeData(data)}${EOL}`);
}

/**
 * `name<<delimiter`, the value, `delimiter`: the runner reads the value up to the delimiter line, so the delimiter is
 * random and must occur in neither the name nor the value.
 */
export function heredoc(name: string, value: string, uuid: () => string = randomUUID): string {
  const delimiter = `ghadelimiter_${uuid()}`;
  if (name.includes(delimiter) || value.includes(delimiter))
    throw new Error(`A workflow command value contains its own delimiter ${delimiter}; it was not written.`);
  return `${name}<<${delimiter}${EOL}${value}${EOL}${delimiter}`;
}

function appendFileCommand(command: FileCommand, message: string): void {
  const file = process.env[`GITHUB_${command}`] as string;
  // The runner creates the file before the step starts; one that is missing is not the runner's.
  if (!existsSync(file)) throw new Error(`GITHUB_${command} names ${file}, which does not exist.`);
  appendFileSync(file, `${message}${EOL}`, { encoding: 'utf8' });
}

/** A key/value file command, or the older stdout command where the runner gives no file. */
function keyValue(command: Exclude<FileCommand, 'PATH'>, legacy: string, name: string, value: string): void {
  if (process.env[`GITHUB_${command}`]) appendFileCommand(command, heredoc(name, value));
  else issueCommand(legacy, { name }, value);
}

/** The step's input `name`, as the runner passes it: INPUT_<NAME> (spaces → _, upper case, hyphens kept), trimmed. */
export function getInput(name: string): string {
  return (process.env[`INPUT_${name.replace(/ /g, '_').toUpperCase()}`] || '').trim();
}

/** Tells the runner to replace `secret` with *** in every later log line. */
export function setSecret(secret: string): void {
  issueCommand('add-mask', {}, secret);
}

export function setOutput(name: string, value: string): void {
  // The stdout command must start a line, and the log may end in a partial one.
  if (!process.env.GITHUB_OUTPUT) process.stdout.write(EOL);
  keyValue('OUTPUT', 'set-output', name, value);
}

/** Sets `name` for this process and for every later step of the job. */
export function exportVariable(name: string, value: string): void {
  process.env[name] = value;
  keyValue('ENV', 'set-env', name, value);
}

/** Hands `value` to this action's post step, which reads it with getState. */
export function saveState(name: string, value: string): void {
  keyValue('STATE', 'save-state', name, value);
}

export function getState(name: string): string {
  return process.env[`STATE_${name}`] || '';
}

/** Puts `dir` first on PATH, for this process and for every later step. */
export function addPath(dir: string): void {
  if (process.env.GITHUB_PATH) appendFileCommand('PATH', dir);
  else issueCommand('add-path', {}, dir);
  process.env.PATH = `${dir}${PATH_LIST_SEPARATOR}${process.env.PATH}`;
}

// Log lines are human text, unlike the values above, which the protocol carries exactly: one call is one line of
// stdout, so a newline in an input or in a server's answer can never start a workflow command. info escapes line
// breaks itself (oneLine); the commands' data encoding (%0A) already keeps them in the line, so debug, warning and
// error only lose terminal escapes and other controls (annotationText). Both: src/util/text.ts.

export function info(message: string): void {
  process.stdout.write(oneLine(message) + EOL);
}

export function debug(message: string): void {
  issueCommand('debug', {}, annotationText(message));
}

export function warning(message: string): void {
  issueCommand('warning', {}, annotationText(message));
}

export function error(message: string): void {
  issueCommand('error', {}, annotationText(message));
}

/** Reports `message` as the step's error and makes the step fail when the process exits. */
export function setFailed(message: string): void {
  process.exitCode = 1;
  error(message);
}
