// Starts the local Salesforce stub for a workflow run or a manual try: makes a throwaway key, writes it to
// <dir>/server.key, prints the stub's URL (and appends url=... to $GITHUB_OUTPUT when set), then serves until killed.
// Usage: node script/stub-server.mjs <dir> [username] [client-id]
import { appendFileSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { makeKeyPair } from '../test-support/keys.mjs';
import { SalesforceStub, makeUser } from '../test-support/salesforce-stub.mjs';

const [dir = '.', username = 'ci@stub.example.com', clientId = '3MVG9stub.consumer.key'] = process.argv.slice(2);
mkdirSync(dir, { recursive: true });
const keys = makeKeyPair();
writeFileSync(join(dir, 'server.key'), keys.pkcs8, { mode: 0o600 });
const stub = new SalesforceStub({
  publicKey: keys.publicPem,
  clientId,
  users: [makeUser(username, { isDevHub: true })]
});
const url = await stub.start();
if (process.env.GITHUB_OUTPUT) appendFileSync(process.env.GITHUB_OUTPUT, `url=${url}\n`);
writeFileSync(join(dir, 'url'), url);
console.log(`Salesforce stub on ${url} for ${username} (client id ${clientId}); key in ${join(dir, 'server.key')}`);
