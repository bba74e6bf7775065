/**
 * The login's defaults and limits, in neutral words: action.yml's `default:` values (held to these by a test), the
 * command line's option defaults and both adapters' validation use these constants and nothing else.
 */

/** What a login field is when the user gives nothing. */
export const LOGIN_DEFAULTS = {
  approvalTimeoutSeconds: 300,
  requestTimeoutSeconds: 30,
  writeSfState: true,
  setDefault: false,
  setDefaultDevHub: false,
  certificateExpiryWarningDays: 30,
  failOnExpiredCertificate: false
} as const;

/** An inclusive range of whole numbers. */
export interface Limits {
  min: number;
  max: number;
}

/** The ranges the numeric login fields accept. */
export const LOGIN_LIMITS = {
  approvalTimeoutSeconds: { min: 0, max: 3600 },
  requestTimeoutSeconds: { min: 1, max: 600 },
  certificateExpiryWarningDays: { min: 0, max: 3650 }
} as const satisfies Record<string, Limits>;
