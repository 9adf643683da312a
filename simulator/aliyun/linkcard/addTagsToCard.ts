import type { components, operations } from '../../../contracts/generated/aliyun-linkcard.js';
import type { ActionCall } from '../action.js';
import { tagId } from '../views/tags.js';
import { linkcardCard } from './linkcardCard.js';

type Params = operations['AddTagsToCard']['parameters']['query'];
type Data = components['schemas']['AddTagsToCardData'];

/**
 * AddTagsToCard replaces the card's tag set: the list given (duplicates and blanks dropped)
 * becomes the card's tags, an empty or missing list removes them all, and unknown tags are
 * created. The answer is the card's tags afterwards, TagId as a string (aliyun-api.md §1.5).
 */
export function addTagsToCard({ ctx, account, params }: ActionCall<Params>): Data {
  const card = linkcardCard(ctx, account.id, params.Iccid, 'linkcard');
  const tags = [...new Set((params.TagNameList ?? []).map((name) => name.trim()).filter((name) => name !== ''))];
  ctx.fleet.updateCard(card, (c) => {
    c.tags = tags;
  });
  return tags.map((name) => ({ TagId: String(tagId(name)), TagName: name }));
}
