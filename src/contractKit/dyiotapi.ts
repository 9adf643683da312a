import { cardOf, READ_CLAUSES, readClauses, stopResumeClause } from './clauses.js';
import { CONTRACT_CARDS, CONTRACT_CREDENTIALS } from './scenario.js';
import { defineContractSuite, expectFailure } from './suite.js';
import type { AliyunCredentials, CardFacts, ContractAdapter } from './types.js';

export const DYIOTAPI_CLAUSES = [...READ_CLAUSES, 'stop-resume', 'wrong-state'] as const;
export type DyiotapiClause = (typeof DYIOTAPI_CLAUSES)[number];

/** Dyiotapi 2017-11-11 operations, in the kit's terms (Dyiotapi has no listing). */
export interface DyiotapiOperations<Client> {
  /** This period's data usage (QueryCardFlowInfo `FlowUsed`) and, optionally, what is left (`RestOfFlow`), in KB. */
  cardFlow(client: Client, iccid: string): Promise<Pick<CardFacts, 'dataUsedKB' | 'dataRemainingKB'>>;
  /** DoIotUserStopResume with OptionType stop. */
  stop(client: Client, iccid: string): Promise<unknown>;
  /** DoIotUserStopResume with OptionType resume. */
  resume(client: Client, iccid: string): Promise<unknown>;
}

export type DyiotapiAdapter<Client> = ContractAdapter<Client, AliyunCredentials, DyiotapiOperations<Client>, DyiotapiClause>;

/**
 * Declares the Dyiotapi contract suite. Dyiotapi answers its business errors (isv.*) with HTTP
 * 200 by default, as the real service does: a client must read `Code` to hear them.
 */
export function dyiotapiContract<Client>(adapter: DyiotapiAdapter<Client>): void {
  type Ops = DyiotapiOperations<Client>;
  defineContractSuite(
    { title: 'Dyiotapi 2017-11-11', productionUrl: 'https://dyiotapi.aliyuncs.com', credentials: CONTRACT_CREDENTIALS.aliyun },
    adapter,
    [
      ...readClauses<Client, Ops, DyiotapiClause>({
        api: 'dyiotapi',
        readOp: 'cardFlow',
        read: (ctx, iccid) => ctx.ops.cardFlow(ctx.client, iccid),
        identities: [],
        unknownCardCodes: ['isv.IOT_RES_NOT_EXIST'],
        signatureCodes: ['SignatureDoesNotMatch'],
        wrongSecret: { ...CONTRACT_CREDENTIALS.aliyun, accessKeySecret: 'not-the-secret' },
      }),
      stopResumeClause<Client, Ops, DyiotapiClause>(async () => undefined),
      {
        name: 'wrong-state',
        title: 'stopping a card that is already stopped reaches the caller as isv.IOT_CARD_STATUS_ERROR',
        needs: ['stop'],
        async run(ctx) {
          const card = await cardOf(ctx.world, CONTRACT_CARDS.stopped);
          await expectFailure(ctx, () => ctx.ops.stop(ctx.client, card.iccid), ['isv.IOT_CARD_STATUS_ERROR'], 'stopping a stopped card');
        },
      },
    ],
  );
}
