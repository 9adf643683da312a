import type { CardInput } from '#src/fleet/fleet.js';

/**
 * The fields of a hand-built card that tests seldom care about: no IMEI, remark or private
 * network, certified, no auto-recharge, six empty custom attributes. A fresh object each call, so
 * no two cards share an array.
 */
export function plainCardFields(): Pick<
  CardInput,
  'imei' | 'realNameStatus' | 'autoRecharge' | 'privateNetwork' | 'remark' | 'customAttributes'
> {
  return {
    imei: undefined,
    realNameStatus: 'certified',
    autoRecharge: false,
    privateNetwork: undefined,
    remark: undefined,
    customAttributes: ['', '', '', '', '', ''],
  };
}
