import type { Account } from '../fleet/model.js';

/** What `npm start` prints: where the simulator listens and which credentials reach it. */
export function banner(url: string, accounts: readonly Account[], cardCount: number, scenarioName: string): string {
  const lines = [
    `iotcard-sim listening on ${url}`,
    `scenario "${scenarioName}": ${accounts.length} account(s), ${cardCount} card(s)`,
    '',
    'Point the SDKs here:',
    `  Alibaba linkcard / Dyiotapi   endpoint ${url}  (Tea clients: endpoint ${url.replace(/^https?:\/\//, '')}, protocol http)`,
    `  Huawei GSL                    endpoint ${url}`,
    `Control plane (clock, cards, faults, journal, state): ${url}/_sim/  (docs/control-plane.md)`,
    '',
  ];
  for (const account of accounts) {
    lines.push(`Account ${account.id} (${account.name})`);
    for (const key of account.aliyun?.accessKeys ?? []) {
      const note = key.enabled ? '' : '  [disabled]';
      lines.push(`  Alibaba  AccessKeyId ${key.accessKeyId}  AccessKeySecret ${key.accessKeySecret}${note}`);
    }
    if (account.huawei) {
      for (const pair of account.huawei.akSk) lines.push(`  Huawei   AK ${pair.ak}  SK ${pair.sk}`);
      lines.push(`  Huawei   project id ${account.huawei.projectId}  region ${account.huawei.region}`);
      for (const user of account.huawei.iamUsers) {
        lines.push(`  Huawei   IAM user ${user.name} / ${user.password}  (domain ${account.huawei.domainName})`);
      }
    }
  }
  lines.push('', 'Ready. Press Ctrl+C to stop.');
  return lines.join('\n');
}
