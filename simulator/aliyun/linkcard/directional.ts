import type { components, operations } from '../../../contracts/generated/aliyun-linkcard.js';
import type { DirectionalAddress, DirectionalGroup } from '../../../src/fleet/directionalGroups.js';
import type { Card } from '../../../src/fleet/model.js';
import type { ActionCall } from '../action.js';
import { AliyunError } from '../errors.js';
import { linkcardCard } from './linkcardCard.js';

type Op<N extends keyof operations> = NonNullable<operations[N]['parameters']['query']>;
type Schemas = components['schemas'];

/**
 * linkcard directional traffic: groups of addresses a card may reach, and the cards bound to
 * them, kept in the fleet (src/fleet/directionalGroups.ts). Every change is immediate; addresses
 * are effective at once (State 1). GroupId travels as a string and is the group's numeric id.
 */
function groupOf(call: ActionCall<unknown>, groupId: string | number): DirectionalGroup {
  const id = Number(groupId);
  const group = Number.isSafeInteger(id) ? call.ctx.fleet.directionalGroups.get(call.account.id, id) : undefined;
  if (!group) throw new AliyunError('InvalidGroupId.NotFound');
  return group;
}

/** IPv4 addresses and CIDR blocks are IP; anything else a domain (when AddressType is not given). */
function addressType(address: string, given: string | undefined): string {
  return given ?? (/^\d{1,3}(\.\d{1,3}){3}(\/\d{1,2})?$/.test(address) ? 'IP' : 'DOMAIN');
}

/** The group's entry for an address, or the refusal of a blank one. */
function addressEntry(
  call: ActionCall<unknown>,
  address: string,
  type: string | undefined,
  source: string | undefined,
): DirectionalAddress {
  const trimmed = address.trim();
  if (trimmed === '') throw new AliyunError('InvalidParameter', { name: 'Address' });
  return { address: trimmed, type: addressType(trimmed, type), source, addedAt: call.ctx.clock.now() };
}

export function addDirectionalGroup(call: ActionCall<Op<'AddDirectionalGroup'>>): number {
  const { ctx, account, params } = call;
  if (ctx.fleet.directionalGroups.byName(account.id, params.GroupName)) throw new AliyunError('GroupName.Duplicate');
  return ctx.fleet.directionalGroups.create(account.id, params.GroupName, ctx.clock.now()).id;
}

/** Deleting a group unbinds its cards. */
export function deleteDirectionalGroup(call: ActionCall<Op<'DeleteDirectionalGroup'>>): boolean {
  call.ctx.fleet.directionalGroups.delete(groupOf(call, call.params.GroupId));
  return true;
}

export function addDirectionalAddress(call: ActionCall<Op<'AddDirectionalAddress'>>): boolean {
  const { params } = call;
  const group = groupOf(call, params.GroupId);
  call.ctx.fleet.directionalGroups.addAddress(group, addressEntry(call, params.Address, params.AddressType, params.Source));
  return true;
}

export function batchAddDirectionalAddress(call: ActionCall<Op<'BatchAddDirectionalAddress'>>): boolean {
  const { params } = call;
  const group = groupOf(call, params.GroupId);
  // Every address checked before any is added: a blank one refuses the whole list.
  const entries = params.ListAddress.map((address) => addressEntry(call, address, params.AddressType, params.Source));
  for (const entry of entries) call.ctx.fleet.directionalGroups.addAddress(group, entry);
  return true;
}

/** Removing an address the group does not hold answers false. */
export function deleteDirectionalAddress(call: ActionCall<Op<'DeleteDirectionalAddress'>>): boolean {
  return call.ctx.fleet.directionalGroups.removeAddress(groupOf(call, call.params.GroupId), call.params.Address.trim());
}

function page<T>(
  items: T[],
  pageNo: number,
  pageSize: number,
): { List: T[]; PageNo: number; PageSize: number; PageCount: number; Total: number } {
  return {
    List: items.slice((pageNo - 1) * pageSize, pageNo * pageSize),
    PageNo: pageNo,
    PageSize: pageSize,
    PageCount: Math.ceil(items.length / pageSize),
    Total: items.length,
  };
}

export function listDirectionalAddress(call: ActionCall<Op<'ListDirectionalAddress'>>): Schemas['ListDirectionalAddressData'] {
  const group = groupOf(call, call.params.GroupId);
  const items = [...group.addresses.values()].map((a) => ({
    Address: a.address,
    AddressType: a.type,
    GroupId: String(group.id),
    Source: a.source ?? '',
    State: 1,
  }));
  return page(items, call.params.PageNo, call.params.PageSize);
}

/** ListDirectionalDetail: the card's group and its addresses; a card in no group has none. */
export function listDirectionalDetail(call: ActionCall<Op<'ListDirectionalDetail'>>): Schemas['ListDirectionalDetailData'] {
  const { ctx, account, params } = call;
  const card = linkcardCard(ctx, account.id, params.Iccid, 'linkcard');
  const group = ctx.fleet.directionalGroups.groupOf(card.id);
  const items = group
    ? [...group.addresses.values()].map((a) => ({
        Address: a.address,
        AddressType: a.type,
        GroupId: String(group.id),
        Source: a.source ?? '',
        State: '1',
      }))
    : [];
  return {
    DirectionalGroupId: group?.id ?? 0,
    DirectionalName: group?.name ?? '',
    PaginationResult: page(items, params.PageNo, params.PageSize),
  };
}

/**
 * AddDirectionalCard: binds the cards of the given delivery orders (OrderList) and tags
 * (TagList) to the group. Upload files (FileUri) are not read: the simulator has no OSS. Data is
 * the number of cards bound, as text.
 */
export function addDirectionalCard(call: ActionCall<Op<'AddDirectionalCard'>>): string {
  const { ctx, account, params } = call;
  const group = groupOf(call, params.GroupId);
  // Ids gathered card by card: `push(...cards)` of a batch or tag past ~125,000 cards overflowed
  // the stack (a 500 for a valid request).
  const ids = new Set<number>();
  const gather = (cards: readonly Card[]) => {
    for (const card of cards) ids.add(card.id);
  };
  if (params.OrderList?.length)
    gather(ctx.fleet.query({ accountId: account.id, indexed: { orderId: params.OrderList } }, 0, Number.MAX_SAFE_INTEGER).items);
  if (params.TagList?.length)
    gather(ctx.fleet.query({ accountId: account.id, indexed: { tag: params.TagList } }, 0, Number.MAX_SAFE_INTEGER).items);
  for (const id of ids) ctx.fleet.directionalGroups.bind(group, id);
  return String(ids.size);
}

/** AddCardToDirectionalGroup: binds the listed cards; any unknown ICCID refuses the whole call. */
export function addCardToDirectionalGroup(call: ActionCall<Op<'AddCardToDirectionalGroup'>>): Schemas['AddCardToDirectionalGroupData'] {
  const { ctx, account, params } = call;
  const group = groupOf(call, params.GroupId);
  const cards = params.IccidList.map((iccid) => linkcardCard(ctx, account.id, iccid, 'linkcard'));
  for (const card of cards) ctx.fleet.directionalGroups.bind(group, card.id);
  return { Result: true, SerialNo: params.SerialNo ?? `DG${group.id}-${ctx.clock.now()}` };
}
