import type { EngineContext } from '../../src/engine/context.js';
import { CardNotFound } from '../../src/fleet/errors.js';
import type { Card } from '../../src/fleet/model.js';

/**
 * Both Alibaba APIs send SMS to the account's cards by MSISDN: any number that is not the
 * account's card refuses the whole send (the unknown-card error); otherwise each card counts one
 * more SMS this period.
 */
export function sendSmsToMsisdns(ctx: EngineContext, accountId: string, msisdns: readonly string[]): Card[] {
  const cards = msisdns.map((msisdn) => {
    const card = ctx.fleet.cardByMsisdn(accountId, msisdn);
    if (!card) throw new CardNotFound(msisdn);
    return card;
  });
  for (const card of cards) {
    ctx.fleet.updateCard(card, (c) => {
      c.usage.sms += 1;
    });
  }
  return cards;
}
