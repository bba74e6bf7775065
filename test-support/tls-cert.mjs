// A throwaway self-signed TLS certificate for stubs that must answer as a named https host (a proxy test's made-up
// host, a sandbox's own My Domain host): made by openssl, trusted by a child process through NODE_EXTRA_CA_CERTS.
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * Writes key.pem and cert.pem for `hosts` (and 127.0.0.1) into `dir`.
 * @param {string} dir @param {string[]} hosts
 * @returns {{tls: {key: string, cert: string}, caFile: string}} the stub's `tls` option and the file to trust
 */
export function makeTlsCert(dir, hosts) {
  const keyFile = join(dir, 'key.pem');
  const caFile = join(dir, 'cert.pem');
  const names = [...hosts.map((h) => `DNS:${h}`), 'IP:127.0.0.1'].join(',');
  execFileSync(
    'openssl',
    ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', keyFile, '-out', caFile, '-days', '1'].concat([
      '-subj',
      `/CN=${hosts[0]}`,
      '-addext',
      `subjectAltName=${names}`
    ]),
    { stdio: 'ignore' }
  );
  return { tls: { key: readFileSync(keyFile, 'utf8'), cert: readFileSync(caFile, 'utf8') }, caFile };
}
