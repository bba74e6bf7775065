// Starts the local Salesforce stub for a workflow run or a manual try: makes a throwaway key, writes it to
// <dir>/server.key, prints the stub's URL (and appends url=... to $GITHUB_OUTPUT when set), then serves until killed.
// Stopped with ^C or SIGTERM, it removes the key and the url file it wrote (and <dir>, when it made it).
// Usage: node script/stub-server.mjs <dir> [username] [client-id]
import { appendFileSync, existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { makeUser, startStub } from '../test-support/salesforce-stub.mjs';

const [dir = '.', username = 'ci@stub.example.com', clientId = '3MVG9stub.consumer.key'] = process.argv.slice(2);
const madeDir = !existsSync(dir);
mkdirSync(dir, { recursive: true });
const { keys, stub, url } = await startStub(clientId, [makeUser(username, { isDevHub: true })]);
const written = [join(dir, 'server.key'), join(dir, 'url')];
writeFileSync(written[0], keys.pkcs8, { mode: 0o600 });
if (process.env.GITHUB_OUTPUT) appendFileSync(process.env.GITHUB_OUTPUT, `url=${url}\n`);
writeFileSync(written[1], url);
console.log(`Salesforce stub on ${url} for ${username} (client id ${clientId}); key in ${written[0]}`);

for (const signal of /** @type {const} */ (['SIGINT', 'SIGTERM'])) {
  process.once(signal, async () => {
    await stub.stop();
    for (const file of written) rmSync(file, { force: true });
    if (madeDir) rmSync(dir, { recursive: true, force: true });
    process.exit(0);
  });
}
