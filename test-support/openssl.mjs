// Runs the openssl command line for tests (key and certificate checks, the Salesforce guide's own commands).
import { runProcess } from './runner.mjs';

/**
 * @param {string[]} args
 * @param {{cwd: string, input?: string}} options
 */
export function openssl(args, options) {
  return runProcess('openssl', args, {
    cwd: options.cwd,
    env: { PATH: process.env.PATH ?? '' },
    input: options.input,
    timeoutMs: 60_000
  });
}

/** Salesforce's setup guide, command for command, answering `openssl req`'s prompts on its standard input. */
export const GUIDE_STEPS = [
  [
    [
      'genpkey',
      '-aes-256-cbc',
      '-algorithm',
      'RSA',
      '-pass',
      'pass:SomePassword',
      '-out',
      'server.pass.key',
      '-pkeyopt',
      'rsa_keygen_bits:2048'
    ]
  ],
  [['rsa', '-passin', 'pass:SomePassword', '-in', 'server.pass.key', '-out', 'server.key']],
  [
    ['req', '-new', '-key', 'server.key', '-out', 'server.csr'],
    'US\nCalifornia\nSan Francisco\nAcme\nCI\nci.acme.example\nci@acme.example\n\n\n'
  ],
  [['x509', '-req', '-sha256', '-days', '365', '-in', 'server.csr', '-signkey', 'server.key', '-out', 'server.crt']]
];

/** Makes server.pass.key, server.key, server.csr and server.crt in `dir` exactly as the guide does. @param {string} dir */
export async function guideKeys(dir) {
  for (const [args, input] of GUIDE_STEPS) {
    const r = await openssl(/** @type {string[]} */ (args), {
      cwd: dir,
      input: /** @type {string | undefined} */ (input)
    });
    if (r.code !== 0) throw new Error(`openssl ${args.join(' ')} failed: ${r.stderr}`);
  }
}
