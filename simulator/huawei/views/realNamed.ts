import type { components } from '../../../contracts/generated/huawei-gsl.js';
import type { Card } from '../../../src/fleet/model.js';

/** ShowRealNamed's answer: GSL says only whether the holder completed real-name registration. */
export function toRealNamedResponse(card: Card): components['schemas']['ShowRealNamedResponse'] {
  return { iccid: card.iccid, real_named: card.realNameStatus === 'certified' };
}
