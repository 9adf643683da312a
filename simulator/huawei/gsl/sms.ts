import type { components } from '../../../contracts/generated/huawei-gsl.js';
import type { Card } from '../../../src/fleet/model.js';
import { HuaweiError } from '../errors.js';
import { containerIdOf } from '../views/device.js';
import { gslDateTime } from '../views/simDeviceVO.js';
import type { GslCall, GslParams } from './call.js';
import { cardByContainerId } from './containerIds.js';
import { refuseUploadedFile } from './uploadedFiles.js';

type Schemas = components['schemas'];

/** How long after sending a deliverable message shows as received (status 1 until then). */
const DELIVERY_MS = 3_000;

/**
 * POST /v1/sms-send-infos: to the cards named by `cids` (container ids: a physical card's ICCID), or every card of the batch
 * `order_id`. A message reaches a China Mobile or China Telecom card in use whose plan has SMS;
 * to any other card it is recorded as failed (status 3), as GSL sends only to those.
 */
export function SendSms({ ctx, account, body }: GslCall<undefined, Schemas['CreateSendSmsReq']>): string {
  refuseUploadedFile(body);
  let cards: Card[];
  if (body.cids?.length) {
    cards = body.cids.map((cid) => {
      const card = cardByContainerId(ctx, account.id, cid);
      if (!card) throw new HuaweiError('GSL.00011011', { iccid: cid });
      return card;
    });
  } else if (body.order_id !== undefined && body.order_id !== null) {
    cards = ctx.fleet.query({ accountId: account.id, indexed: { orderId: [String(body.order_id)] } }, 0, Number.MAX_SAFE_INTEGER).items;
    if (cards.length === 0) throw new HuaweiError('GSL.00010004', { detail: `order_id ${body.order_id} has no cards` });
  } else {
    throw new HuaweiError('GSL.00010004', { detail: 'cids or order_id is required' });
  }
  const now = ctx.clock.now();
  for (const card of cards) {
    const deliverable = card.carrier !== 'CUCC' && card.state === 'active' && ctx.fleet.plan(card.planId).smsQuota > 0;
    ctx.fleet.smsLog.add({ accountId: account.id, cardId: card.id, content: body.sms_content, sentAt: now, deliverable });
  }
  return '';
}

/**
 * GET /v1/sms-send-infos/details: newest first, by ICCID and a sent-time window. Every match is
 * counted, but only the page's are made into views: with 100,000 messages sent, a view of each
 * cost ~190 ms a page (docs/performance.md, "Books that only grow").
 */
export function ListSmsDetails({ ctx, account, params }: GslCall<GslParams<'ListSmsDetails'>>): Schemas['ListSmsDetailsResponse'] {
  const limit = params.limit;
  const page = params.offset;
  const now = ctx.clock.now();
  const from = params.start_time === undefined ? -Infinity : Date.parse(params.start_time);
  const to = params.end_time === undefined ? Infinity : Date.parse(params.end_time);
  const first = (page - 1) * limit;
  const details: Schemas['SmsSendDetailQueryVo'][] = [];
  let count = 0;
  // A cid names one card: only its messages are read (every message's card was looked up before:
  // ~14 ms a page at 100,000 messages sent).
  const only = params.cid === undefined ? undefined : cardByContainerId(ctx, account.id, params.cid);
  if (params.cid !== undefined && !only) return { limit, offset: page, count: 0, sms_details: [] };
  for (const record of ctx.fleet.smsLog.newestFirst(account.id, only?.id)) {
    if (record.sentAt < from || record.sentAt > to) continue;
    const card = ctx.fleet.cardById(account.id, record.cardId);
    if (!card || (params.cid !== undefined && containerIdOf(card) !== params.cid)) continue;
    if (count++ < first || details.length === limit) continue;
    const delivered = record.deliverable && now >= record.sentAt + DELIVERY_MS;
    details.push({
      cid: containerIdOf(card),
      msisdn: card.msisdn,
      sent_time: gslDateTime(record.sentAt)!,
      received_time: delivered ? gslDateTime(record.sentAt + DELIVERY_MS) : null,
      sms_status: !record.deliverable ? 3 : delivered ? 2 : 1,
      sms_content: record.content,
    });
  }
  return { limit, offset: page, count, sms_details: details };
}
