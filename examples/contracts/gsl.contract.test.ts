// The GSL contract for the reference client, over both transports.
import { gslContract } from 'iotcard-sim/contracts';
import { gslAdapter } from './gslAdapter.js';

for (const transport of ['http', 'msw'] as const) gslContract({ ...gslAdapter, transport });
