// Broken on purpose: the reference GSL client, but its adapter passes flow_left on as printed (MB)
// where the kit wants KB. Usage and identities are right, so only card-facts can catch it.
import { gslContract } from 'iotcard-sim/contracts';
import { gslAdapter } from '../../../examples/contracts/gslAdapter.js';

gslContract({
  ...gslAdapter,
  name: 'flow_left in MB',
  operations: {
    ...gslAdapter.operations,
    cardDetail: async (client, iccid) => {
      const card = await client.card(iccid);
      return { iccid: card.iccid, status: card.sim_status, dataUsedKB: (card.flow_used ?? 0) * 1024, dataRemainingKB: card.flow_left ?? 0 };
    },
  },
});
