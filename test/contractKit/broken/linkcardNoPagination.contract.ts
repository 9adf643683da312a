// Broken on purpose: reads only the first page of ListCardInfo. Must fail list-every-card only.
import { linkcardContract } from 'iotcard-sim/contracts';
import { linkcardAdapter } from '../../../examples/contracts/linkcardAdapter.js';
import { LinkcardClient } from '../../../examples/contracts/linkcardClient.js';

class FirstPageOnly extends LinkcardClient {
  override async listAllCards(): Promise<string[]> {
    const all = await super.listAllCards();
    return all.slice(0, 40);
  }
}

linkcardContract({
  ...linkcardAdapter,
  name: 'no pagination',
  createClient: ({ endpoint, credentials }) => new FirstPageOnly({ endpoint, ...credentials }),
});
