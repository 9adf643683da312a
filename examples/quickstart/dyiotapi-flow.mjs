// Alibaba Dyiotapi 2017-11-11 through its generated client: a card's data flow, in KB.
import Dyiotapi, { QueryCardFlowInfoRequest } from '@alicloud/dyiotapi20171111';
import { Config } from '@alicloud/openapi-client';

const url = new URL(process.env.IOTCARD_SIM_URL ?? 'http://127.0.0.1:8986');
// The class is the CommonJS module's `default`: Node hands you the module, vitest and bundlers the class.
const DyiotapiClient = Dyiotapi.default ?? Dyiotapi;
const client = (secret = 'testAccessKeySecret') =>
  new DyiotapiClient(new Config({ accessKeyId: 'testAccessKeyId', accessKeySecret: secret, endpoint: url.host, protocol: 'http' }));

const { body } = await client().queryCardFlowInfo(new QueryCardFlowInfoRequest({ iccid: '89860012345678901234' }));
const [flow] = body.cardFlowInfos.cardFlowInfo;
console.log(`QueryCardFlowInfo: ${flow.flowUsed} of ${flow.flowResource} KB used, ${flow.smsUsed} SMS`);

// Business errors (isv.*) come at the page's HTTP status (400; 404 for isv.SYSTEM_ERROR), so the
// client throws; the live service has been seen answering them with 200 and the code in the body.
// Read both.
const unknown = await client()
  .queryCardFlowInfo(new QueryCardFlowInfoRequest({ iccid: '89860000000000000000' }))
  .then(
    (response) => response.body.code,
    (err) => err.code,
  );
console.log(`unknown card: ${unknown}`); // isv.IOT_RES_NOT_EXIST

try {
  await client('not-the-secret').queryCardFlowInfo(new QueryCardFlowInfoRequest({ iccid: '89860012345678901234' }));
} catch (err) {
  console.log(`bad signature: ${err.code}`); // SignatureDoesNotMatch
}
