import type { components } from '../../../contracts/generated/aliyun-linkcard.js';
import type { DirectionalGroup } from '../../../src/fleet/directionalGroups.js';
import type { Card, Plan } from '../../../src/fleet/model.js';
import { chinaDateTime } from './chinaTime.js';
import { linkcardCardFields } from './linkcardCard.js';

type CardInfo = components['schemas']['CardInfo'];

/** A card as one item of linkcard ListCardInfo `Data.List`, with its directional group if bound. */
export function cardInfoView(card: Card, plan: Plan, group?: DirectionalGroup): CardInfo {
  const item: CardInfo = linkcardCardFields(card, plan) as CardInfo;
  item.VsimInstanceId = card.id;
  item.NetworkType = card.networkType;
  item.FlowLatestModifiedTime = chinaDateTime(card.usage.updatedAt);
  if (card.remark !== undefined) item.Remark = card.remark;
  if (group) {
    item.DirectionalGroupId = group.id;
    item.DirectionalGroupName = group.name;
  }
  return item;
}
