import { simStatusOf } from '../../../simulator/huawei/index.js';
import { cardOf, READ_CLAUSES, listClause, readClauses, stopResumeClause } from './clauses.js';
import { CONTRACT_CARDS, CONTRACT_CREDENTIALS } from './scenario.js';
import { defineContractSuite, expectFailure } from './suite.js';
import type { CardFacts, ContractAdapter, HuaweiCredentials, ListedCard } from './types.js';
import type { ContractWorld } from './world.js';

export const GSL_CLAUSES = [...READ_CLAUSES, 'list-every-card', 'stop-resume', 'wrong-state', 'repeat-within-5-minutes'] as const;
export type GslClause = (typeof GSL_CLAUSES)[number];

/** Huawei GSL v1 operations, in the kit's terms. */
export interface GslOperations<Client> {
  /** Every card of the project (ListSimCards, all pages). */
  listAllCards(client: Client): Promise<readonly ListedCard[]>;
  /** One card (ShowSimCard, e.g. id 0 with `iccid`); `dataUsedKB` from `flow_used` (MB), optionally `status` (`sim_status`) and `dataRemainingKB` (`flow_left`, MB). */
  cardDetail(client: Client, iccid: string): Promise<CardFacts>;
  /** StopSimCard. */
  stop(client: Client, iccid: string): Promise<unknown>;
  /** ResetSimCard. */
  resume(client: Client, iccid: string): Promise<unknown>;
}

export type GslAdapter<Client> = ContractAdapter<Client, HuaweiCredentials, GslOperations<Client>, GslClause>;

/** GSL stops and resumes through work orders: let the simulated clock run until they complete. */
function completeWorkOrders(world: ContractWorld): Promise<void> {
  return world.completeWorkOrders();
}

/** Declares the GSL contract suite for a client (call it in a vitest test file). */
export function gslContract<Client>(adapter: GslAdapter<Client>): void {
  type Ops = GslOperations<Client>;
  defineContractSuite(
    { title: 'GSL v1', productionUrl: 'https://gsl.cn-north-4.myhuaweicloud.com', credentials: CONTRACT_CREDENTIALS.huawei },
    adapter,
    [
      ...readClauses<Client, Ops, GslClause>({
        api: 'gsl',
        readOp: 'cardDetail',
        read: (ctx, iccid) => ctx.ops.cardDetail(ctx.client, iccid),
        identities: ['iccid', 'msisdn', 'imsi'],
        status: { name: 'GSL sim_status', of: (card) => simStatusOf(card.state) },
        unknownCardCodes: ['GSL.00011001', 'GSL.00011011'],
        signatureCodes: ['APIGW.0301'],
        wrongSecret: { ...CONTRACT_CREDENTIALS.huawei, sk: 'notTheSecretKey0000000000000000000000000' },
      }),
      listClause<Client, Ops, GslClause>(),
      stopResumeClause<Client, Ops, GslClause>(completeWorkOrders),
      {
        name: 'wrong-state',
        title: 'resetting a card whose stop is unfinished reaches the caller as GSL.00016010',
        needs: ['stop', 'resume'],
        async run(ctx) {
          const card = await cardOf(ctx.world, CONTRACT_CARDS.inUseSpare);
          await ctx.ops.stop(ctx.client, card.iccid);
          await expectFailure(
            ctx,
            () => ctx.ops.resume(ctx.client, card.iccid),
            ['GSL.00016010'],
            'resetting a card while it is being stopped',
            ctx.world,
          );
        },
      },
      {
        name: 'repeat-within-5-minutes',
        title: 'stopping the same card again within 5 minutes reaches the caller as GSL.00016016',
        needs: ['stop'],
        async run(ctx) {
          const card = await cardOf(ctx.world, CONTRACT_CARDS.inUseSpare);
          await ctx.ops.stop(ctx.client, card.iccid);
          // A client that retries GSL.00016016 would loop for 5 minutes: stopped after a few requests.
          await expectFailure(ctx, () => ctx.ops.stop(ctx.client, card.iccid), ['GSL.00016016'], 'stopping the same card twice', ctx.world);
        },
      },
    ],
  );
}
