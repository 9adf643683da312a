import { describe, expect, it } from 'vitest';
import { LIFECYCLE_STATES } from '#src/fleet/lifecycle.js';
import { chinaCompactTime, chinaDateTime, parseChinaDateTime } from '#simulator/aliyun/views/chinaTime.js';
import { dataLevel } from '#simulator/aliyun/views/plan.js';
import { aliyunStatus, statesFor } from '#simulator/aliyun/views/status.js';
import { tagId } from '#simulator/aliyun/views/tags.js';
import { flowText, wholeKb } from '#simulator/aliyun/views/units.js';

describe('Alibaba views', () => {
  it('maps every lifecycle state to Status/OsStatus as aliyun-api §1.5 lists them', () => {
    const table = Object.fromEntries(LIFECYCLE_STATES.map((s) => [s, `${aliyunStatus(s).Status}/${aliyunStatus(s).OsStatus}`]));
    expect(table).toEqual({
      testing: '10/10',
      inactive: '20/20',
      silent: '20/20',
      active: '30/100',
      stoppedByUser: '35/200',
      stoppedAtQuota: '35/300',
      stoppedByCreditControl: '35/400',
      stoppedByRebind: '35/500',
      stoppedByRebindInTest: '35/130',
      stoppedForRealName: '35/600',
      stoppedAbnormal: '35/700',
      shutDown: '40/40',
      cancelled: '50/50',
    });
  });

  it('reverses Status and OsStatus into states, intersecting both', () => {
    expect(statesFor(undefined, undefined)).toBeUndefined();
    expect(statesFor('20', undefined)).toEqual(['inactive', 'silent']);
    expect(statesFor('35', undefined)).toHaveLength(7);
    expect(statesFor(undefined, '300')).toEqual(['stoppedAtQuota']);
    expect(statesFor('35', '300')).toEqual(['stoppedAtQuota']);
    expect(statesFor('30', '300')).toEqual([]);
    expect(statesFor(undefined, '150')).toEqual([]);
  });

  it('prints China time and reads it back', () => {
    const at = Date.UTC(2017, 10, 6, 9, 49, 12);
    expect(chinaDateTime(at)).toBe('2017-11-06 17:49:12');
    expect(chinaCompactTime(at)).toBe('20171106174912');
    expect(parseChinaDateTime('2017-11-06 17:49:12')).toBe(at);
    expect(parseChinaDateTime('2017-02-30 00:00:00')).toBeUndefined();
    expect(parseChinaDateTime('2017-11-06T17:49:12')).toBeUndefined();
  });

  it('prints units as the vendor does', () => {
    // The page's two examples, then the unit by magnitude (whole KB, MB and GB with two decimals).
    expect(flowText(133120)).toBe('130.00MB');
    expect(flowText(0)).toBe('0KB');
    expect(flowText(512.4)).toBe('512KB');
    expect(flowText(1023.6)).toBe('1.00MB');
    expect(flowText(1024 * 1023.99)).toBe('1023.99MB');
    expect(flowText(1024 * 1024 - 1)).toBe('1.00GB');
    expect(flowText(1.5 * 1024 * 1024)).toBe('1.50GB');
    expect(flowText(-5)).toBe('0KB');
    expect(wholeKb(2048.6)).toBe(2049);
    expect(dataLevel(30 * 1024)).toBe('30MB');
    expect(dataLevel(1048576)).toBe('1GB');
    expect(dataLevel(1536 * 1024)).toBe('1.50GB');
    expect(dataLevel(512)).toBe('512KB');
  });

  it('gives tags stable positive ids', () => {
    expect(tagId('测试标签')).toBe(tagId('测试标签'));
    expect(tagId('a')).not.toBe(tagId('b'));
    expect(tagId('a')).toBeGreaterThan(0);
  });
});
