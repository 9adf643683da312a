import type { Card } from '../../../src/fleet/model.js';
import { isoDateTime } from '../../../src/engine/isoTime.js';

/**
 * What GSL shows of the device behind an eSIM or vSIM card (SimDeviceVO: "该参数只有ESIM、VSIM返回,
 * 实体卡返回null"), and the card's container id. The fleet models no device sessions, so these
 * are derived from the card's identity: the same card always shows the same device.
 */

/** EIDs of the fleet's eSIM cards: 89 (telecom), 086 (China), a fixed issuer block, then the card id. */
const EID_PREFIX = '89086000000000';
/** vSIM container ids: our own 20-digit form (the page does not print one): 99, 86, the card id. */
const CID_PREFIX = '9986';

/** ISO/IEC 7064 MOD 97-10 remainder of a digit string (the EID check, as for IBANs). */
function mod97(digits: string): number {
  let rest = 0;
  for (const d of digits) rest = (rest * 10 + Number(d)) % 97;
  return rest;
}

/** A 32-digit EID whose last two digits make the whole number ≡ 1 (mod 97), as GSMA SGP.29 has it. */
export function eidOf(card: Pick<Card, 'id'>): string {
  const body = EID_PREFIX + String(card.id).padStart(16, '0');
  return body + String(98 - mod97(body + '00')).padStart(2, '0');
}

export function vsimCidOf(card: Pick<Card, 'id'>): string {
  return CID_PREFIX + String(card.id).padStart(16, '0');
}

/** SimDeviceVO.cid: "iccid(实体卡),eid(eSIM)cid(vSIM)". */
export function containerIdOf(card: Pick<Card, 'id' | 'iccid' | 'simKind'>): string {
  switch (card.simKind) {
    case 'physical':
      return card.iccid;
    case 'esim':
      return eidOf(card);
    case 'vsim':
      return vsimCidOf(card);
  }
}

/** The card id an EID or vSIM cid of ours carries (a valid check included), or undefined. */
export function cardIdInContainerId(cid: string): { id: number; simKind: 'esim' | 'vsim' } | undefined {
  if (/^\d{32}$/.test(cid) && cid.startsWith(EID_PREFIX) && mod97(cid) === 1)
    return { id: Number(cid.slice(EID_PREFIX.length, 30)), simKind: 'esim' };
  if (/^\d{20}$/.test(cid) && cid.startsWith(CID_PREFIX)) return { id: Number(cid.slice(CID_PREFIX.length)), simKind: 'vsim' };
  return undefined;
}

/** Cellular modules of the kinds IoT devices carry eSIMs and vSIMs in. */
const DEVICE_MODELS = [
  'Quectel BC95-GR',
  'Quectel EC200U-CN',
  'Quectel BG95-M3',
  'Fibocom L610-CN',
  'SIMCom A7670C',
  'MeiG SLM320',
  'Neoway N58',
  'China Mobile ML307R',
];

/** A small, well-mixed hash of the card id (murmur3's finaliser), for picks that must not follow the id's order. */
function mix(id: number, salt: number): number {
  let h = (Math.floor(id / 4294967296) ^ id ^ salt) >>> 0;
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
  return (h ^ (h >>> 16)) >>> 0;
}

export interface DeviceView {
  device_model: string | null;
  dbm: string | null;
  signal_level: string | null;
  device_status_date: string | null;
}

const NO_DEVICE: DeviceView = { device_model: null, dbm: null, signal_level: null, device_status_date: null };

/**
 * The device of an eSIM or vSIM card; all null for a physical card. `dbm` is the last reading
 * (-113 to -51 dBm, the 3GPP RSSI range); `signal_level` grades it as the page lists (1 差, 2 良,
 * 3 优); the device status last changed when the card was activated (opened, if never activated).
 */
export function deviceOf(card: Card): DeviceView {
  if (card.simKind === 'physical') return NO_DEVICE;
  const dbm = -113 + (mix(card.id, 0x5eed) % 63);
  return {
    device_model: DEVICE_MODELS[mix(card.id, 0xde71ce) % DEVICE_MODELS.length]!,
    dbm: String(dbm),
    signal_level: dbm >= -85 ? '3' : dbm >= -100 ? '2' : '1',
    device_status_date: isoDateTime(card.activatedAt ?? card.openedAt),
  };
}
