/**
 * GSL's work-order vocabulary (huaweicloudsdkgsl WorkOrderVo). The fleet's work-order book is
 * vendor-neutral; a GSL order records its `work_order_type` in the order's details, under this key,
 * which is also how ListWorkOrders tells GSL's orders from another vendor's.
 */
export const GSL_TYPE_KEY = 'gslWorkOrderType';

/** work_order_type of the single-card operations (the mapping is inferred from the type names). */
export const WORK_ORDER_TYPE = {
  resume: 4,
  stop: 5,
  activate: 10,
  cutNet: 11,
  setQuota: 12,
  rebind: 13,
  clearRealName: 14,
  speedLimit: 15,
  restoreNet: 20,
  cancelQuota: 21,
} as const;

export type GslCardOperation = keyof typeof WORK_ORDER_TYPE;
/** Every operation GSL files a work order for: the card operations and the three-network ones. */
export type GslOperation = GslCardOperation | 'switchNetwork' | 'setNetworkSwitchPolicy';

/**
 * GSL's work_order_type list (1–23) has no type for switching carriers or binding a policy, and a
 * value outside it breaks clients that map the list: such orders are filed as 10 (实体卡激活),
 * since what completes is the activation of a carrier's profile (or a policy) on a physical card.
 */
const SWITCH_ORDER_TYPE = WORK_ORDER_TYPE.activate;

/**
 * The work_order_type of every operation GSL files an order for: an order's type follows from
 * its operation, so ListWorkOrders counts a type's orders by their operations' tallies.
 */
export const GSL_ORDER_TYPE: Readonly<Record<GslOperation, number>> = {
  ...WORK_ORDER_TYPE,
  switchNetwork: SWITCH_ORDER_TYPE,
  setNetworkSwitchPolicy: SWITCH_ORDER_TYPE,
};

/** WorkOrderVo.status: 3 processing, 4 completed, 6 failed (1, 2, 5, 7 need a human reviewer). */
export const WORK_ORDER_STATUS = { processing: 3, completed: 4, failed: 6 } as const;

/** WorkOrderDetailVo.status: 1 success, 2 processing, 3 failed. */
export const WORK_ORDER_LINE_STATUS = { completed: 1, processing: 2, failed: 3 } as const;

/** work_order_source 8: created through the API. */
export const SOURCE_API = { code: 8, description: 'API' } as const;
