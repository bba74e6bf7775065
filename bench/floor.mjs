// The floor: the same login with nothing but node:crypto and node:http(s), as a bare script would do it. Sign the
// JWT, one token POST, the three org-facts calls at once, write one file. It shows how much of our time is our own.
// Usage: node bench/floor.mjs <instance-url> <client-id> <username> <key.pem> <out-file>
import { createPrivateKey, createSign } from 'node:crypto';
import http from 'node:http';
import https from 'node:https';
import { readFileSync, writeFileSync } from 'node:fs';

const [url, clientId, username, keyFile, outFile] = process.argv.slice(2);
const b64 = (v) => Buffer.from(typeof v === 'string' ? v : JSON.stringify(v)).toString('base64url');
const now = Math.floor(Date.now() / 1000);
const unsigned = `${b64({ alg: 'RS256', typ: 'JWT' })}.${b64({ iss: clientId, sub: username, aud: 'https://login.salesforce.com', iat: now, exp: now + 180 })}`;
const signature = createSign('RSA-SHA256')
  .update(unsigned)
  .sign(createPrivateKey(readFileSync(keyFile, 'utf8')), 'base64url');

function call(method, target, headers, body) {
  return new Promise((resolve, reject) => {
    const u = new URL(target);
    const req = (u.protocol === 'https:' ? https : http).request(u, { method, headers }, (res) => {
      let data = '';
      res.on('data', (c) => (data += c));
      res.on('end', () => resolve({ status: res.statusCode, body: data }));
    });
    req.on('error', reject);
    req.end(body);
  });
}

const body = `grant_type=urn:ietf:params:oauth:grant-type:jwt-bearer&assertion=${unsigned}.${signature}`;
const token = JSON.parse(
  (await call('POST', `${url}/services/oauth2/token`, { 'content-type': 'application/x-www-form-urlencoded' }, body))
    .body
);
const auth = { authorization: `Bearer ${token.access_token}` };
const q = (soql) => `${token.instance_url}/services/data/v51.0/query?q=${encodeURIComponent(soql)}`;
const [hub, versions, org] = await Promise.all([
  call('GET', q('SELECT Id FROM ScratchOrgInfo limit 1'), auth),
  call('GET', `${token.instance_url}/services/data`, auth),
  call(
    'GET',
    q('SELECT Name, InstanceName, IsSandbox, TrialExpirationDate, NamespacePrefix, OrganizationType FROM Organization'),
    auth
  )
]);
writeFileSync(
  outFile,
  JSON.stringify({
    accessToken: token.access_token,
    instanceUrl: token.instance_url,
    isDevHub: hub.status < 400,
    versions: JSON.parse(versions.body).length,
    org: JSON.parse(org.body).records[0].Name
  }),
  { mode: 0o600 }
);
