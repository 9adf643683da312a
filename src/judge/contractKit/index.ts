/**
 * iotcard-sim/contracts: vitest suites that check a client of the vendors' APIs against the
 * simulator, clause by clause. Write one adapter (how to build the client, how each contract
 * operation maps onto it, how it surfaces an error's code) and call the suite in a test file.
 */
export { linkcardContract, LINKCARD_CLAUSES, type LinkcardAdapter, type LinkcardClause, type LinkcardOperations } from './linkcard.js';
export { dyiotapiContract, DYIOTAPI_CLAUSES, type DyiotapiAdapter, type DyiotapiClause, type DyiotapiOperations } from './dyiotapi.js';
export { gslContract, GSL_CLAUSES, type GslAdapter, type GslClause, type GslOperations } from './gsl.js';
export { CONTRACT_CARDS, CONTRACT_CREDENTIALS, contractScenario } from './scenario.js';
export { MAX_ATTEMPTS_ON_TRANSIENT } from './clauses.js';
export type {
  AliyunCredentials,
  CardFacts,
  ClientTarget,
  ContractAdapter,
  ContractTransport,
  HuaweiCredentials,
  ListedCard,
  RunningSimulator,
} from './types.js';
