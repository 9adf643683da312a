import { describe, expect, it } from 'vitest';
import { DuplicateCard } from '#src/fleet/errors.js';
import { Fleet } from '#src/fleet/fleet.js';
import type { Account } from '#src/fleet/model.js';

const key = (accessKeyId: string) => ({ accessKeyId, accessKeySecret: `${accessKeyId}-secret`, enabled: true });
const huawei = (ak: string, n: number) => ({
  domainName: `d${n}`,
  domainId: String(n).repeat(32),
  projectId: String(n + 1).repeat(32),
  region: 'cn-north-4',
  akSk: [{ ak, sk: `${ak}-sk` }],
  iamUsers: [],
});

describe('the fleet credential registry, by signing scheme', () => {
  it('finds each credential under its own scheme only, with its account and material', () => {
    const fleet = new Fleet();
    const a: Account = { id: 'a', name: 'A', aliyun: { uid: '1', accessKeys: [key('SAME'), key('K2')] }, huawei: huawei('SAME', 1) };
    fleet.addAccount(a);
    expect(fleet.credentials.lookup('aliyun-access-key', 'K2')).toEqual({ account: a, material: key('K2') });
    // The same string under two schemes is two credentials.
    expect(fleet.credentials.lookup('aliyun-access-key', 'SAME')?.material).toEqual(key('SAME'));
    expect(fleet.credentials.lookup('huawei-ak-sk', 'SAME')?.material).toEqual({ ak: 'SAME', sk: 'SAME-sk' });
    expect(fleet.credentials.lookup('huawei-ak-sk', 'K2')).toBeUndefined();
  });

  it('refuses a credential another account (or the same one) already holds, and keeps nothing of that account', () => {
    const fleet = new Fleet();
    fleet.addAccount({ id: 'a', name: 'A', aliyun: { uid: '1', accessKeys: [key('K1')] }, huawei: huawei('AK1', 1) });
    const clash: Account = { id: 'b', name: 'B', aliyun: { uid: '2', accessKeys: [key('K2')] }, huawei: huawei('AK1', 2) };
    expect(() => fleet.addAccount(clash)).toThrow(new DuplicateCard('AK', 'AK1'));
    // K2 came before the clash, and was not kept: the account was refused whole.
    expect(fleet.credentials.lookup('aliyun-access-key', 'K2')).toBeUndefined();
    expect(fleet.account('b')).toBeUndefined();
    expect(() => fleet.addAccount({ id: 'c', name: 'C', aliyun: { uid: '3', accessKeys: [key('K3'), key('K3')] } })).toThrow(
      new DuplicateCard('AccessKeyId', 'K3'),
    );
    expect(fleet.credentials.lookup('aliyun-access-key', 'K3')).toBeUndefined();
    expect(fleet.credentials.lookup('huawei-ak-sk', 'AK1')?.account.id).toBe('a');
  });
});
