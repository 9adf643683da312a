// Alibaba linkcard through @alicloud/openapi-client's generic callApi (ACS3-HMAC-SHA256 by default).
import OpenApi, { Config, OpenApiRequest, Params } from '@alicloud/openapi-client';
import { RuntimeOptions } from '@alicloud/tea-util';

const url = new URL(process.env.IOTCARD_SIM_URL ?? 'http://127.0.0.1:8986');
const client = (secret = 'testAccessKeySecret') =>
  new (OpenApi.default ?? OpenApi)(
    new Config({ accessKeyId: 'testAccessKeyId', accessKeySecret: secret, endpoint: url.host, protocol: 'http' }),
  );
const listCardInfo = new Params({
  action: 'ListCardInfo',
  version: '2021-05-20',
  protocol: 'HTTP',
  pathname: '/',
  method: 'POST',
  authType: 'AK',
  style: 'RPC',
  reqBodyType: 'formData',
  bodyType: 'json',
});

const { body } = await client().callApi(
  listCardInfo,
  new OpenApiRequest({ query: { PageNo: '1', PageSize: '10', Vendor: 'CMCC' } }),
  new RuntimeOptions({}),
);
console.log(`ListCardInfo (ACS3): ${body.Data.Total} China Mobile cards`);

try {
  await client('not-the-secret').callApi(
    listCardInfo,
    new OpenApiRequest({ query: { PageNo: '1', PageSize: '10' } }),
    new RuntimeOptions({}),
  );
} catch (err) {
  console.log(`bad signature: ${err.code} (HTTP ${err.statusCode})`); // SignatureDoesNotMatch (HTTP 400)
}
