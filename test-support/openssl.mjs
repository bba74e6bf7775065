// Runs the openssl command line for tests (key and certificate checks, the Salesforce guide's own commands).
import { runProcess } from './runner.mjs';

/**
 * @param {string[]} args
 * @param {{cwd: string, input?: string}} options
 */
export function openssl(args, options) {
  return runProcess('openssl', args, { cwd: options.cwd, env: { PATH: process.env.PATH ?? '' }, input: options.input, timeoutMs: 60_000 });
}
