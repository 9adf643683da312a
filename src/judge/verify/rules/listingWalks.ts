import type { JournalEntry } from '../../../control/journal/journal.js';
import { succeeded } from '../codes.js';
import { groupBy, stableJson, type Finding } from '../findings.js';

/** The paged listings, by the vendor's names for page number and size. */
const LISTINGS: Readonly<Record<string, { readonly page: string; readonly size: string }>> = {
  'aliyun:ListCardInfo': { page: 'PageNo', size: 'PageSize' },
  'aliyun:ListOrder': { page: 'PageNo', size: 'PageSize' },
  'huawei:ListSimCards': { page: 'offset', size: 'limit' },
  'huawei:ListSimDeviceMultiply': { page: 'offset', size: 'limit' },
};

interface Walk {
  readonly requests: JournalEntry[];
  readonly pages: Set<number>;
  readonly twice: number[];
  size: number;
  total: number | undefined;
}

/**
 * A listing walked completely once begun: page 1 starts a walk over the same filters and page
 * size, and the walk must fetch every page up to the last (from the listing's total), each once.
 * A client that stops after the first page, skips a page or fetches one twice has a finding.
 * Only answered pages count: a page refused for throttling and fetched again is a retry, not a repeat.
 */
export function listingWalks(entries: readonly JournalEntry[]): Finding[] {
  const findings: Finding[] = [];
  const listed = entries.filter((e) => e.action !== undefined && LISTINGS[`${e.vendor}:${e.action}`] !== undefined && succeeded(e));
  for (const requests of groupBy(listed, walkKey).values()) {
    const names = LISTINGS[`${requests[0]!.vendor}:${requests[0]!.action}`]!;
    let walk: Walk | undefined;
    const close = () => {
      if (walk) {
        const finding = judge(walk);
        if (finding) findings.push(finding);
      }
    };
    for (const entry of requests) {
      const page = Number(entry.params?.[names.page] ?? 1);
      const size = Number(entry.params?.[names.size]);
      if (walk === undefined || page === 1) {
        close();
        walk = { requests: [], pages: new Set(), twice: [], size, total: undefined };
      }
      if (walk.pages.has(page)) walk.twice.push(page);
      walk.pages.add(page);
      walk.requests.push(entry);
      walk.total = entry.total ?? walk.total;
    }
    close();
  }
  return findings;
}

/** One walk per listing, filters and page size: the parameters but the page number. */
function walkKey(entry: JournalEntry): string {
  const names = LISTINGS[`${entry.vendor}:${entry.action}`]!;
  const { [names.page]: _page, ...rest } = entry.params ?? {};
  return `${entry.vendor}|${entry.account ?? ''}|${entry.action}|${stableJson(rest, true)}`;
}

function judge(walk: Walk): Finding | undefined {
  const first = walk.requests[0]!;
  const last = walk.total !== undefined && walk.size > 0 ? Math.max(1, Math.ceil(walk.total / walk.size)) : Math.max(...walk.pages);
  const missing: number[] = [];
  for (let page = 1; page <= last; page++) if (!walk.pages.has(page)) missing.push(page);
  const problems: string[] = [];
  if (missing.length > 0) problems.push(`page(s) ${ranges(missing)} of ${last} never fetched`);
  if (walk.twice.length > 0) problems.push(`page(s) ${ranges([...new Set(walk.twice)].sort((a, b) => a - b))} fetched twice`);
  if (problems.length === 0) return undefined;
  return {
    rule: 'listing-walks',
    message: `${first.action} walk of ${walk.total ?? '?'} item(s) at ${walk.size} per page: ${problems.join('; ')}`,
    requests: walk.requests,
  };
}

/** 2-5, 7, 9-63 */
function ranges(sorted: readonly number[]): string {
  const parts: string[] = [];
  for (let i = 0; i < sorted.length;) {
    let j = i;
    while (j + 1 < sorted.length && sorted[j + 1] === sorted[j]! + 1) j++;
    parts.push(j > i ? `${sorted[i]}-${sorted[j]}` : `${sorted[i]}`);
    i = j + 1;
  }
  return parts.join(', ');
}
