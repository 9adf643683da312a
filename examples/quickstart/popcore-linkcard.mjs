// Alibaba linkcard 2021-05-20 through @alicloud/pop-core: list cards, read one, provoke a bad signature.
import RPCClient from '@alicloud/pop-core';

const endpoint = process.env.IOTCARD_SIM_URL ?? 'http://127.0.0.1:8986';
const linkcard = (secret = 'testAccessKeySecret') =>
  new RPCClient({ accessKeyId: 'testAccessKeyId', accessKeySecret: secret, endpoint, apiVersion: '2021-05-20' });

const page = await linkcard().request('ListCardInfo', { PageNo: 1, PageSize: 10 }, { method: 'POST' });
console.log(`ListCardInfo: ${page.Data.Total} cards, first ${page.Data.List[0].Iccid} (${page.Data.List[0].Vendor})`);

const detail = await linkcard().request('GetCardDetail', { Iccid: page.Data.List[0].Iccid });
console.log(`GetCardDetail: Status ${detail.Data.VsimCardInfo.Status}, used ${detail.Data.VsimCardInfo.PeriodAddFlow}`);

try {
  await linkcard('not-the-secret').request('ListCardInfo', { PageNo: 1, PageSize: 10 });
} catch (err) {
  console.log(`bad signature: ${err.code}`); // SignatureDoesNotMatch
}
