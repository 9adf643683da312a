import { aliyunStatus } from '../../../simulator/aliyun/index.js';
import { cardOf, READ_CLAUSES, listClause, readClauses, stopResumeClause } from './clauses.js';
import { CONTRACT_CARDS, CONTRACT_CREDENTIALS } from './scenario.js';
import { defineContractSuite, expectFailure } from './suite.js';
import type { AliyunCredentials, CardFacts, ContractAdapter, ListedCard } from './types.js';

export const LINKCARD_CLAUSES = [...READ_CLAUSES, 'list-every-card', 'stop-resume', 'wrong-state'] as const;
export type LinkcardClause = (typeof LINKCARD_CLAUSES)[number];

/** linkcard 2021-05-20 operations, in the kit's terms. */
export interface LinkcardOperations<Client> {
  /** Every card of the account (ListCardInfo, all pages). */
  listAllCards(client: Client): Promise<readonly ListedCard[]>;
  /** One card (GetCardDetail); `dataUsedKB` from `PeriodAddFlow`, optionally `status` (`Status`) and `dataRemainingKB` (`PeriodRestFlow`). */
  cardDetail(client: Client, iccid: string): Promise<CardFacts>;
  /** StopSingleCard. */
  stop(client: Client, iccid: string): Promise<unknown>;
  /** ResumeSingleCard. */
  resume(client: Client, iccid: string): Promise<unknown>;
}

export type LinkcardAdapter<Client> = ContractAdapter<Client, AliyunCredentials, LinkcardOperations<Client>, LinkcardClause>;

/** Declares the linkcard contract suite for a client (call it in a vitest test file). */
export function linkcardContract<Client>(adapter: LinkcardAdapter<Client>): void {
  type Ops = LinkcardOperations<Client>;
  defineContractSuite(
    { title: 'linkcard 2021-05-20', productionUrl: 'https://linkcard.aliyuncs.com', credentials: CONTRACT_CREDENTIALS.aliyun },
    adapter,
    [
      ...readClauses<Client, Ops, LinkcardClause>({
        api: 'linkcard',
        readOp: 'cardDetail',
        read: (ctx, iccid) => ctx.ops.cardDetail(ctx.client, iccid),
        identities: ['iccid', 'msisdn', 'imsi'],
        status: { name: 'linkcard Status', of: (card) => aliyunStatus(card.state).Status },
        unknownCardCodes: ['InvalidIccid.NotFound'],
        signatureCodes: ['SignatureDoesNotMatch'],
        wrongSecret: { ...CONTRACT_CREDENTIALS.aliyun, accessKeySecret: 'not-the-secret' },
      }),
      listClause<Client, Ops, LinkcardClause>(),
      stopResumeClause<Client, Ops, LinkcardClause>(async () => undefined),
      {
        name: 'wrong-state',
        title: 'stopping a card that is already stopped reaches the caller as InvalidCardStatus',
        needs: ['stop'],
        async run(ctx) {
          const card = await cardOf(ctx.world, CONTRACT_CARDS.stopped);
          await expectFailure(ctx, () => ctx.ops.stop(ctx.client, card.iccid), ['InvalidCardStatus'], 'stopping a stopped card');
        },
      },
    ],
  );
}
