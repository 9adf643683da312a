import { cardOf, READ_CLAUSES, readClauses, stopResumeClause } from './clauses.js';
import { CONTRACT_CARDS, CONTRACT_CREDENTIALS } from './scenario.js';
import { defineContractSuite, expectFailure, type ClauseDefinition } from './suite.js';
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
 * The two ways Dyiotapi's business errors (isv.*) reach a client, since the sources disagree: the
 * page publishes 4xx statuses (400; 404 for isv.SYSTEM_ERROR), on which the SDKs throw, while
 * public clients of the live service read `Code` from an HTTP 200 body.
 */
const BUSINESS_ERROR_MODES = [
  { status: 'published', label: 'business errors at their published HTTP statuses (400, 404 for isv.SYSTEM_ERROR: the SDK throws)' },
  { status: 200, label: 'business errors in an HTTP 200 body (Code, as the live service has answered)' },
] as const;

/** The clauses that hear a business error: each must pass in both modes. */
const BUSINESS_ERROR_CLAUSES: ReadonlySet<DyiotapiClause> = new Set(['error-unknown-card', 'transient-errors', 'wrong-state']);

/** Runs the clause once per mode in the same world; a failure names the mode it failed in. */
function inBothModes<Client, Ops>(clause: ClauseDefinition<Client, Ops, DyiotapiClause>): ClauseDefinition<Client, Ops, DyiotapiClause> {
  if (!BUSINESS_ERROR_CLAUSES.has(clause.name)) return clause;
  return {
    ...clause,
    title: `${clause.title}, whether isv.* errors come at their published 4xx or in an HTTP 200 body`,
    async run(ctx) {
      for (const mode of BUSINESS_ERROR_MODES) {
        await ctx.world.updateSettings({ dyiotapiBusinessErrorStatus: mode.status });
        try {
          await clause.run(ctx);
        } catch (error) {
          if (error instanceof Error) error.message = `[${mode.label}] ${error.message}`;
          throw error;
        }
      }
    },
  };
}

/**
 * Declares the Dyiotapi contract suite. Its error clauses run twice, with the business errors
 * (isv.*) at the statuses the page publishes and at HTTP 200: a client passes only if it hears
 * them both ways (a thrown 4xx, and `Code` in a 200 body).
 */
export function dyiotapiContract<Client>(adapter: DyiotapiAdapter<Client>): void {
  type Ops = DyiotapiOperations<Client>;
  const clauses: Array<ClauseDefinition<Client, Ops, DyiotapiClause>> = [
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
  ];
  defineContractSuite(
    { title: 'Dyiotapi 2017-11-11', productionUrl: 'https://dyiotapi.aliyuncs.com', credentials: CONTRACT_CREDENTIALS.aliyun },
    adapter,
    clauses.map(inBothModes),
  );
}
