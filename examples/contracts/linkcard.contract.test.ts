// The linkcard contract for the reference client, over both transports.
import { linkcardContract } from 'iotcard-sim/contracts';
import { linkcardAdapter } from './linkcardAdapter.js';

for (const transport of ['http', 'msw'] as const) linkcardContract({ ...linkcardAdapter, transport });
