/**
 * `iotcard-sim verify`: judges any client of the vendors' APIs, in any language, by its traffic.
 * It stands above the vendor surfaces: it starts a simulator through the public entry points and
 * grades what the request journal recorded.
 */
export { runVerify, type VerifyOptions, type VerifyOutcome } from './run.js';
export { grade, type RuleResult } from './grade.js';
export { RULES, type Finding, type RuleName } from './findings.js';
export { buildReport, junitXml, summaryText, type VerifyReport } from './report.js';
export { FAULT_PRESETS } from './faultPresets.js';
export { CARD_ENV, VERIFY_ENV, verifyEnvironment } from './environment.js';
export { MAX_ATTEMPTS, MIN_RETRY_DELAY_MS } from './rules/transientRetries.js';
