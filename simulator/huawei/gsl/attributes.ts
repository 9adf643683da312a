import type { components } from '../../../contracts/generated/huawei-gsl.js';
import type { EngineContext } from '../../../src/engine/context.js';
import type { AttributeDefinition } from '../../../src/fleet/attributeBook.js';
import { withCustomAttributes, type Account, type Card } from '../../../src/fleet/model.js';
import { HuaweiError } from '../errors.js';
import { gslDateTime } from '../views/simDeviceVO.js';
import type { GslCall, GslParams } from './call.js';
import { refuseUploadedFile } from './uploadedFiles.js';

type Schemas = components['schemas'];
type AttributeKey = `customer_attribute${1 | 2 | 3 | 4 | 5 | 6}`;

const CHINESE_NUMBERS = ['一', '二', '三', '四', '五', '六'];

/** Attribute ids, like tag ids, are derived from (account, slot): stable and safe integers. */
function attributeId(ctx: EngineContext, account: Account, slot: number): number {
  return parseInt(ctx.digests.sha256Hex(`gsl-attribute\n${account.id}\n${slot}`).slice(0, 13), 16) || slot;
}

function toVO(ctx: EngineContext, account: Account, def: AttributeDefinition): Schemas['CmAttributeVO'] {
  return {
    id: attributeId(ctx, account, def.slot),
    default_attr_name_cn: `自定义属性${CHINESE_NUMBERS[def.slot - 1]}`,
    default_attr_name_en: `Custom attribute ${def.slot}`,
    cust_attr_name: def.name ?? null,
    status: def.enabled ? 1 : 0,
    create_time: gslDateTime(def.createdAt),
    modify_time: gslDateTime(def.modifiedAt),
  };
}

function definition(ctx: EngineContext, account: Account, id: number): AttributeDefinition {
  const def = ctx.fleet.attributeBook.definitions(account.id).find((d) => attributeId(ctx, account, d.slot) === id);
  if (!def) throw new HuaweiError('GSL.00020004', { detail: `attribute_id ${id} does not exist` });
  return def;
}

/** GET /v1/attributes: the six definitions, slot order. */
export function ListAttributes({ ctx, account, params }: GslCall<GslParams<'ListAttributes'>>): Schemas['ListAttributesResponse'] {
  const limit = params.limit;
  const page = params.offset;
  const matches = ctx.fleet.attributeBook
    .definitions(account.id)
    .filter(
      (d) =>
        (params.cust_attr_name === undefined || (d.name ?? '').includes(params.cust_attr_name)) &&
        (params.status === undefined || Number(d.enabled) === params.status),
    )
    .map((d) => toVO(ctx, account, d));
  return { limit, offset: page, count: matches.length, attributes: matches.slice((page - 1) * limit, page * limit) };
}

/** POST /v1/attributes: names the first unnamed slot (the six slots are all there is). */
export function CreateAttribute({
  ctx,
  account,
  body,
}: GslCall<undefined, Schemas['AddOrModifyAttributeReq']>): Schemas['CreateAttributeResponse'] {
  const def = ctx.fleet.attributeBook.definitions(account.id).find((d) => d.name === undefined);
  if (!def) throw new HuaweiError('GSL.00020004', { detail: 'all six custom attributes are already defined' });
  const now = ctx.clock.now();
  ctx.fleet.attributeBook.update(account.id, def.slot, { name: body.cust_attr_name, createdAt: now, modifiedAt: now });
  return { id: attributeId(ctx, account, def.slot) };
}

/** PUT /v1/attributes/{attribute_id}: renames. */
export function UpdateAttribute({
  ctx,
  account,
  params,
  body,
}: GslCall<{ attribute_id: number }, Schemas['AddOrModifyAttributeReq']>): string {
  const def = definition(ctx, account, params.attribute_id);
  const now = ctx.clock.now();
  ctx.fleet.attributeBook.update(account.id, def.slot, { name: body.cust_attr_name, createdAt: def.createdAt ?? now, modifiedAt: now });
  return '';
}

export function EnableAttribute({ ctx, account, params }: GslCall<{ attribute_id: number }>): string {
  return setEnabled(ctx, account, definition(ctx, account, params.attribute_id), true);
}

export function DisableAttribute({ ctx, account, params }: GslCall<{ attribute_id: number }>): string {
  return setEnabled(ctx, account, definition(ctx, account, params.attribute_id), false);
}

function setEnabled(ctx: EngineContext, account: Account, def: AttributeDefinition, enabled: boolean): string {
  ctx.fleet.attributeBook.update(account.id, def.slot, { enabled, modifiedAt: ctx.clock.now() });
  return '';
}

/** The slots' names in GSL's own words (自定义属性一 … 六). */
const SLOT_NUMERALS = ['一', '二', '三', '四', '五', '六'] as const;

/**
 * POST /v1/sim-cards/attributes/batch-set: sets the given attributes of each card (null clears
 * one). All or nothing: if any card is unknown or any attribute disabled, nothing changes and
 * GSL.00012031 lists every failure as JSON in its message.
 */
export function BatchSetAttributes({ ctx, account, body }: GslCall<undefined, Schemas['BatchSetAttributesReq']>): string {
  refuseUploadedFile(body);
  const defs = ctx.fleet.attributeBook.definitions(account.id);
  const failures: Array<{ fail_reason: string; sim_card_id: number }> = [];
  const changes: Array<[Card, Array<[number, string]>]> = [];
  for (const item of body.attributes) {
    const card =
      item.sim_card_id === 0
        ? item.iccid
          ? ctx.fleet.cardByIccid(account.id, item.iccid)
          : undefined
        : ctx.fleet.cardById(account.id, item.sim_card_id);
    if (!card) {
      // Our reason, in GSL.00011001's published Chinese description.
      failures.push({ fail_reason: 'sim卡不存在或没有SIM卡的访问权限!', sim_card_id: item.sim_card_id });
      continue;
    }
    const set: Array<[number, string]> = [];
    for (const def of defs) {
      const value = item[`customer_attribute${def.slot}` as AttributeKey];
      if (value === undefined) continue;
      // As the BatchSetAttributes page's example words it: 自定义属性三未启用.
      if (!def.enabled) failures.push({ fail_reason: `自定义属性${SLOT_NUMERALS[def.slot - 1]}未启用`, sim_card_id: card.id });
      else set.push([def.slot - 1, value ?? '']);
    }
    changes.push([card, set]);
  }
  if (failures.length > 0) throw new HuaweiError('GSL.00012031', { failures: JSON.stringify(failures) });
  for (const [card, set] of changes)
    ctx.fleet.updateCard(card, (c) => (c.customAttributes = withCustomAttributes(c.customAttributes, set)));
  return '';
}
