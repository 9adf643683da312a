import type { components } from '../../../contracts/generated/huawei-gsl.js';
import type { EngineContext } from '../../../src/engine/context.js';
import type { Account, Card } from '../../../src/fleet/model.js';
import { HuaweiError } from '../errors.js';
import type { GslCall, GslParams } from './call.js';
import { refuseUploadedFile } from './uploadedFiles.js';
import { tagId } from './tagIds.js';

type Schemas = components['schemas'];

/** GSL's limits: 10000 tags per user, 10 tags per card, 500 cards per batch. */
const MAX_TAGS = 10_000;
const MAX_TAGS_PER_CARD = 10;
const MAX_BATCH = 500;
/** Our choice: 1–64 characters, no comma (a card's tags are shown comma-joined in `tag_names`). */
const TAG_NAME = /^[^,]{1,64}$/;

/** The account's tags: those on its cards and those declared with CreateTag, by name. */
function tagsOf(ctx: EngineContext, account: Account): Map<string, Schemas['TagVO']> {
  const counts = ctx.fleet.tagCounts(account.id);
  const names = new Set([...counts.keys(), ...ctx.fleet.tagBook.declaredNames(account.id)]);
  const tags = new Map<string, Schemas['TagVO']>();
  for (const name of [...names].sort()) {
    tags.set(name, { id: tagId(ctx, account.id, name), tag_name: name, status: (counts.get(name) ?? 0) > 0 ? 1 : 0 });
  }
  return tags;
}

/** GET /v1/tags: by name (a substring), status (0 unused, 1 in use), ordered by name. */
export function ListTags({ ctx, account, params }: GslCall<GslParams<'ListTags'>>): Schemas['ListTagsResponse'] {
  const limit = params.limit;
  const page = params.offset;
  const matches = [...tagsOf(ctx, account).values()].filter(
    (t) =>
      (params.tag_name === undefined || t.tag_name.includes(params.tag_name)) &&
      (params.status === undefined || t.status === params.status),
  );
  return { limit, offset: page, count: matches.length, tags: matches.slice((page - 1) * limit, page * limit) };
}

/** POST /v1/tags: declares a tag, unused until set on a card. */
export function CreateTag({ ctx, account, body }: GslCall<undefined, Schemas['AddOrModifyTagReq']>): Schemas['TagVO'] {
  const name = body.tag_name.trim();
  if (!TAG_NAME.test(name)) throw new HuaweiError('GSL.00022001');
  const tags = tagsOf(ctx, account);
  if (tags.has(name)) throw new HuaweiError('GSL.00022002');
  if (tags.size >= MAX_TAGS) throw new HuaweiError('GSL.00022003');
  ctx.fleet.tagBook.declare(account.id, name);
  return { id: tagId(ctx, account.id, name), tag_name: name, status: 0 };
}

/** DELETE /v1/tags/{tag_id}: the tag disappears, from every card too. */
export function DeleteTag({ ctx, account, params }: GslCall<{ tag_id: number }>): string {
  const tag = [...tagsOf(ctx, account).values()].find((t) => t.id === params.tag_id);
  if (!tag) throw new HuaweiError('GSL.00022004');
  const carrying = ctx.fleet.query({ accountId: account.id, indexed: { tag: [tag.tag_name] } }, 0, Number.MAX_SAFE_INTEGER).items;
  for (const card of carrying) ctx.fleet.updateCard(card, (c) => (c.tags = c.tags.filter((t) => t !== tag.tag_name)));
  ctx.fleet.tagBook.forget(account.id, tag.tag_name);
  return '';
}

/** POST /v1/sim-tags/batch-set: each card's tags become exactly these (none clears them). */
export function BatchSetTags({ ctx, account, body }: GslCall<undefined, Schemas['BatchSetTagsReq']>): boolean {
  refuseUploadedFile(body);
  const byId = (body.sim_card_ids?.length ?? 0) > 0;
  const keys: readonly (number | string)[] = byId ? body.sim_card_ids! : (body.iccids ?? []);
  if (keys.length === 0) throw new HuaweiError('GSL.00010004', { detail: 'sim_card_ids and iccids cannot both be empty' });
  if (keys.length > MAX_BATCH) throw new HuaweiError('GSL.00016051');
  if (body.tag_ids.length > MAX_TAGS_PER_CARD) throw new HuaweiError('GSL.00016052');
  if (new Set(keys).size !== keys.length || new Set(body.tag_ids).size !== body.tag_ids.length) throw new HuaweiError('GSL.00016054');

  const byTagId = new Map([...tagsOf(ctx, account).values()].map((t) => [t.id, t.tag_name]));
  const names = body.tag_ids.map((id) => byTagId.get(id));
  const cards = keys.map((key) => (typeof key === 'number' ? ctx.fleet.cardById(account.id, key) : ctx.fleet.cardByIccid(account.id, key)));
  if (names.includes(undefined) || cards.includes(undefined)) throw new HuaweiError('GSL.00016053');
  for (const card of cards as Card[]) {
    // A GSL tag outlives its last card: keep the tags being taken off declared.
    for (const old of card.tags) ctx.fleet.tagBook.declare(account.id, old);
    ctx.fleet.updateCard(card, (c) => (c.tags = names as string[]));
  }
  return true;
}
