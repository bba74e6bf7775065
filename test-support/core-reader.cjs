// Reads sf state back with the real @salesforce/core, in a process of its own (core caches HOME-derived paths and
// keys at load time). Prints one JSON object. Usage: node core-reader.cjs '{"username":"...","alias":"..."}'
// Run with HOME set to the job's home and SF_USE_GENERIC_UNIX_KEYCHAIN=true, as later workflow steps run.
// Optional "createKey": "v1" | "v2" makes core create key.json itself (by encrypting a value), as sf does.
const args = JSON.parse(process.argv[2] || '{}');

async function main() {
  const core = require('@salesforce/core');
  const out = {};
  if (args.createKey) {
    // Crypto is not among core's package exports; load the module file itself, as sf loads it.
    const { join, dirname } = require('node:path');
    const { Crypto } = require(join(dirname(require.resolve('@salesforce/core')), 'crypto', 'crypto.js'));
    const crypto = await Crypto.create();
    out.encryptedProbe = crypto.encrypt('probe');
    return out;
  }
  const { AuthInfo, StateAggregator, ConfigAggregator, Org } = core;
  const state = await StateAggregator.getInstance();
  out.aliases = state.aliases.getAll();
  out.aliasTarget = args.alias ? (state.aliases.getUsername(args.alias) ?? null) : null;
  const auth = await AuthInfo.create({ username: args.username });
  const fields = auth.getFields(true);
  out.accessToken = fields.accessToken;
  out.instanceUrl = fields.instanceUrl;
  out.orgId = fields.orgId;
  out.isDevHub = fields.isDevHub;
  out.privateKey = fields.privateKey;
  out.isJwt = auth.isJwt();
  const config = await ConfigAggregator.create();
  out.targetOrg = config.getPropertyValue('target-org') ?? null;
  out.targetDevHub = config.getPropertyValue('target-dev-hub') ?? null;
  if (args.orgCreate) {
    const org = await Org.create({ aliasOrUsername: args.alias || args.username });
    out.orgCreateId = org.getOrgId();
    out.orgUsername = org.getUsername();
    out.orgIsDevHub = org.isDevHubOrg();
  }
  const usernames = (await AuthInfo.listAllAuthorizations()).map((a) => a.username);
  out.allUsernames = usernames;
  return out;
}

main().then(
  (out) => {
    process.stdout.write(JSON.stringify(out));
    process.exit(0);
  },
  (err) => {
    process.stdout.write(JSON.stringify({ error: `${err.name}: ${err.message}` }));
    process.exit(1);
  }
);
