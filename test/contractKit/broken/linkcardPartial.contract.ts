// A read-only client: it skips the listing clause by name, and forgets to skip the clauses that
// need stop and resume, which must then fail for the unmapped operations.
import { linkcardContract } from 'iotcard-sim/contracts';
import { linkcardAdapter } from '../../../examples/contracts/linkcardAdapter.js';

const { cardDetail } = linkcardAdapter.operations;

linkcardContract({
  ...linkcardAdapter,
  name: 'read-only',
  operations: { cardDetail },
  skip: ['list-every-card'],
});
