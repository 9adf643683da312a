import type { Logger } from 'pino';
import type { Account } from '../fleet/model.js';
import { VERSION } from '../version.js';

/**
 * What `npm start` says once it serves: where, what to point the SDKs at, which credentials reach
 * it. Log records like any other (one voice: readable lines on a terminal, JSON when piped), each
 * value in a field of its own so a script can read it.
 */
export function logBanner(logger: Logger, url: string, accounts: readonly Account[], cardCount: number, scenarioName: string): void {
  // Scripts wait for it whatever --log-level hides (`warn` keeps a busy run quiet, not blind);
  // only `silent` silences it too.
  const log = logger.level === 'silent' ? logger : logger.child({}, { level: 'info' });
  const teaEndpoint = url.replace(/^https?:\/\//, '');
  log.info(
    { url, version: VERSION, scenario: scenarioName, accounts: accounts.length, cards: cardCount },
    `iotcard-sim listening on ${url}`,
  );
  log.info(
    { endpoint: url, teaEndpoint, protocol: 'http' },
    'Alibaba linkcard / Dyiotapi: point the SDKs here (Tea clients: endpoint host:port, protocol http)',
  );
  log.info({ endpoint: url }, 'Huawei GSL: point the SDK here');
  log.info(
    { controlPlane: `${url}/_sim/`, health: `${url}/_sim/health` },
    'control plane: clock, cards, faults, journal, state (docs/control-plane.md)',
  );
  for (const account of accounts) {
    const who = { account: account.id };
    for (const key of account.aliyun?.accessKeys ?? []) {
      log.info(
        { ...who, accessKeyId: key.accessKeyId, accessKeySecret: key.accessKeySecret, ...(key.enabled ? {} : { disabled: true }) },
        'Alibaba key',
      );
    }
    if (account.huawei) {
      const { projectId, region, domainName } = account.huawei;
      for (const pair of account.huawei.akSk) log.info({ ...who, ak: pair.ak, sk: pair.sk, projectId, region }, 'Huawei AK/SK');
      for (const user of account.huawei.iamUsers)
        log.info({ ...who, user: user.name, password: user.password, domain: domainName }, 'Huawei IAM user');
    }
  }
  log.info('Ready. Press Ctrl+C to stop.');
}
