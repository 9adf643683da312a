// Broken on purpose: the reference GSL client, except that a refused stop is retried (50 times,
// every 20 ms), GSL.00016016 included, which no retry can change within 5 minutes.
import { gslContract } from 'iotcard-sim/contracts';
import { gslAdapter } from '../../../examples/contracts/gslAdapter.js';
import type { GslClient } from '../../../examples/contracts/gslClient.js';

async function stubbornStop(client: GslClient, iccid: string): Promise<unknown> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await client.stop(iccid);
    } catch (error) {
      if (attempt >= 50) throw error;
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  }
}

gslContract({ ...gslAdapter, name: 'retries a refused stop', operations: { ...gslAdapter.operations, stop: stubbornStop } });
