/**
 * The action's input names, as action.yml declares them; __tests__/unit/action/action-yml.test.ts holds this list,
 * and the names inputs.ts reads, to action.yml.
 */
export const INPUT_NAMES = [
  'client-id',
  'username',
  'private-key',
  'private-key-file',
  'private-key-passphrase',
  'instance-url',
  'audience',
  'approval-timeout',
  'request-timeout',
  'write-sf-state',
  'alias',
  'set-default',
  'set-default-dev-hub',
  'certificate',
  'certificate-expiry-warning-days',
  'fail-on-expired-certificate',
  'sf-cli-version',
  'verify',
  'cleanup'
] as const;

export type InputName = (typeof INPUT_NAMES)[number];
