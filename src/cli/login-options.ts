/**
 * The `login` command's options: one row per flag, named like `sf org login jwt`'s, each mapped to the login field it
 * fills (src/login/inputs.ts) with its default from LOGIN_DEFAULTS. The parser, `--help` and the messages' names of
 * the flags are all built from this table.
 */
import { LOGIN_DEFAULTS } from '../login/defaults.js';
import { ENV } from './command.js';
import { optionTable } from './options.js';

export const LOGIN_OPTIONS = optionTable([
  {
    name: 'client-id',
    short: 'i',
    type: 'string',
    arg: '<key>',
    field: 'clientId',
    required: true,
    help: 'consumer key of the External Client App (or Connected App)'
  },
  {
    name: 'jwt-key-file',
    short: 'f',
    type: 'string',
    arg: '<file>',
    field: 'privateKeyFile',
    help: `the private key (server.key); or the key's text, base64 or path in ${ENV.key}`
  },
  {
    name: 'username',
    short: 'o',
    type: 'string',
    arg: '<user>',
    field: 'username',
    required: true,
    help: 'Salesforce username to log in as'
  },
  {
    name: 'instance-url',
    short: 'r',
    type: 'string',
    arg: '<url>',
    field: 'instanceUrl',
    help: 'login URL (default: sfdcLoginUrl of ./sfdx-project.json, else https://login.salesforce.com)'
  },
  {
    name: 'sandbox',
    type: 'string',
    arg: '<name>',
    field: 'sandbox',
    help: "log into this sandbox of production's --username and My Domain --instance-url"
  },
  {
    name: 'dev-hub',
    type: 'string',
    arg: '<hub>',
    field: 'devHub',
    help: "a Dev Hub in sf's state (alias or username): log into its scratch org --username at the org's LoginUrl"
  },
  { name: 'alias', short: 'a', type: 'string', arg: '<alias>', field: 'alias', help: 'alias for the org in sf' },
  {
    name: 'set-default',
    short: 's',
    type: 'boolean',
    field: 'setDefault',
    default: LOGIN_DEFAULTS.setDefault,
    help: "make the org sf's default target-org"
  },
  {
    name: 'set-default-dev-hub',
    short: 'd',
    type: 'boolean',
    field: 'setDefaultDevHub',
    default: LOGIN_DEFAULTS.setDefaultDevHub,
    help: "make the org sf's default target-dev-hub"
  },
  {
    name: 'private-key-passphrase',
    type: 'string',
    arg: '<p>',
    field: 'privateKeyPassphrase',
    help: `passphrase of an encrypted key (or ${ENV.passphrase})`
  },
  {
    name: 'audience',
    type: 'string',
    arg: '<url>',
    field: 'audience',
    help: 'JWT audience (default derived from the login URL; or SF_AUDIENCE_URL)'
  },
  {
    name: 'certificate-file',
    type: 'string',
    arg: '<file>',
    field: 'certificate',
    help: "the app's certificate: checked against the key before logging in"
  },
  {
    name: 'certificate-expiry-warning-days',
    type: 'string',
    arg: '<n>',
    field: 'certificateExpiryWarningDays',
    default: LOGIN_DEFAULTS.certificateExpiryWarningDays,
    help: 'warn when it expires within n days'
  },
  {
    name: 'fail-on-expired-certificate',
    type: 'boolean',
    field: 'failOnExpiredCertificate',
    default: LOGIN_DEFAULTS.failOnExpiredCertificate,
    help: 'fail instead of warning when it has expired'
  },
  {
    name: 'approval-timeout',
    type: 'string',
    arg: '<s>',
    field: 'approvalTimeoutSeconds',
    default: LOGIN_DEFAULTS.approvalTimeoutSeconds,
    help: `seconds to wait out "user hasn't approved this consumer"`
  },
  {
    name: 'request-timeout',
    type: 'string',
    arg: '<s>',
    field: 'requestTimeoutSeconds',
    default: LOGIN_DEFAULTS.requestTimeoutSeconds,
    help: 'seconds before one request is abandoned'
  },
  {
    name: 'write-sf-state',
    type: 'boolean',
    field: 'writeSfState',
    default: LOGIN_DEFAULTS.writeSfState,
    help: 'only get a token; write no sf state'
  },
  { name: 'json', type: 'boolean', help: 'print {status, result} as JSON (the token only with --show-token)' },
  { name: 'show-token', type: 'boolean', help: 'include the access token in the output' }
]);

export type LoginOption = (typeof LOGIN_OPTIONS)[number]['name'];
