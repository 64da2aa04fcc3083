/**
 * The API's own ID-number check (GB 11643 / GB 32100), so the counter's form says what is wrong
 * as the clerk types: one rule, written once, in libs/core (plain TypeScript, nothing of Node).
 */
// eslint-disable-next-line no-restricted-imports -- @app/core's index brings Node's crypto; this one file is browser-safe
export { checkIdNumber, normalizePhone } from '../../../../libs/core/src/identity/identity-numbers';
