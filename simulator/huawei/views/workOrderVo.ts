import type { components } from '../../../contracts/generated/huawei-gsl.js';
import type { Fleet } from '../../../src/fleet/fleet.js';
import type { WorkOrder, WorkOrderLine } from '../../../src/fleet/workOrders.js';
import { GSL_TYPE_KEY, SOURCE_API, WORK_ORDER_LINE_STATUS, WORK_ORDER_STATUS } from '../gsl/workOrderTypes.js';
import { containerIdOf } from './device.js';
import { gslDateTime } from './simDeviceVO.js';

export type WorkOrderVo = components['schemas']['WorkOrderVo'];
export type WorkOrderDetailVo = components['schemas']['WorkOrderDetailVo'];

/** Every card in these orders is a physical card as far as GSL's work orders go (sim_type 3). */
const PHYSICAL = 3;

/**
 * Why a line failed, in GSL's language (the fleet's reason names internal states). The wording
 * is ours: no published sample shows one.
 */
const LINE_FAILED = 'SIM卡当前状态不允许此操作';

/**
 * `response` (响应内容) of a finished order: the outcome as JSON, counts per result. The SDK
 * promises a string; its content is ours (no published sample), null while still processing.
 */
function responseOf(order: WorkOrder, succeeded: number, failed: number): string | null {
  if (order.status === 'processing') return null;
  const result = failed === 0 ? 'success' : succeeded === 0 ? 'fail' : 'partial';
  return JSON.stringify({ result, success_count: succeeded, fail_count: failed });
}

/** The GSL work_order_type an order was filed with, or undefined for another vendor's order. */
export function gslWorkOrderType(order: WorkOrder): number | undefined {
  const type = order.details[GSL_TYPE_KEY];
  return typeof type === 'number' ? type : undefined;
}

export function toWorkOrderVo(order: WorkOrder): WorkOrderVo {
  const count = (status: WorkOrderLine['status']) => order.lines.filter((l) => l.status === status).length;
  const failed = count('failed');
  const succeeded = count('completed');
  return {
    id: order.id,
    sim_type: PHYSICAL,
    work_order_type: gslWorkOrderType(order) ?? 0,
    req_detail: JSON.stringify(order.details['request'] ?? {}),
    total_count: order.lines.length,
    success_count: succeeded,
    fail_count: failed,
    process_count: count('processing'),
    status: WORK_ORDER_STATUS[order.status],
    create_time: gslDateTime(order.createdAt)!,
    finish_time: gslDateTime(order.finishedAt),
    fail_reason: failed > 0 ? LINE_FAILED : null,
    response: responseOf(order, succeeded, failed),
    work_order_source: SOURCE_API.code,
    work_order_source_desc: SOURCE_API.description,
  };
}

function containerIdOrEmpty(card: Parameters<typeof containerIdOf>[0] | undefined): string {
  return card ? containerIdOf(card) : '';
}

export function toWorkOrderDetailVo(order: WorkOrder, line: WorkOrderLine, fleet: Fleet): WorkOrderDetailVo {
  return {
    id: order.id,
    sim_type: PHYSICAL,
    status: WORK_ORDER_LINE_STATUS[line.status],
    cid: containerIdOrEmpty(fleet.cardById(order.accountId, line.cardId)),
    sim_card_id: line.cardId,
    create_time: gslDateTime(order.createdAt)!,
    finish_time: gslDateTime(line.finishedAt),
    description: line.status === 'failed' ? LINE_FAILED : null,
  };
}
