import type { JournalEntry } from '../../control/journal/journal.js';
import { RULES, type Finding, type Rule, type RuleName } from './findings.js';
import { futileRepeats } from './rules/futileRepeats.js';
import { listingWalks } from './rules/listingWalks.js';
import { parametersValid } from './rules/parametersValid.js';
import { requestsAccepted } from './rules/requestsAccepted.js';
import { transientRetries } from './rules/transientRetries.js';

const GRADERS: Record<RuleName, Rule> = {
  'requests-accepted': requestsAccepted,
  'parameters-valid': parametersValid,
  'no-futile-repeat': futileRepeats,
  'transient-retries': transientRetries,
  'listing-walks': listingWalks,
};

export interface RuleResult {
  readonly name: RuleName;
  readonly title: string;
  readonly findings: readonly Finding[];
}

/** Every rule over one run's vendor requests (the journal's entries, oldest first). */
export function grade(entries: readonly JournalEntry[]): RuleResult[] {
  return (Object.keys(RULES) as RuleName[]).map((name) => ({ name, title: RULES[name], findings: GRADERS[name](entries) }));
}
