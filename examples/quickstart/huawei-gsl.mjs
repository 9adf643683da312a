// Huawei GSL through @huaweicloud/huaweicloud-sdk-core (no GSL package exists for Node: this is
// what a generated client does). Install `uuid` beside the core: it requires it without declaring it.
import { BasicCredentials } from '@huaweicloud/huaweicloud-sdk-core';
import { ClientBuilder } from '@huaweicloud/huaweicloud-sdk-core/ClientBuilder.js';

const endpoint = process.env.IOTCARD_SIM_URL ?? 'http://127.0.0.1:8986';
const gsl = (sk = 'testSecretKeyHuawei0000000000000000000000') =>
  new ClientBuilder((hcClient) => hcClient)
    .withCredential(new BasicCredentials().withAk('TESTAKHUAWEI0000000').withSk(sk).withProjectId('0123456789abcdef0123456789abcdef'))
    .withEndpoint(endpoint)
    .build();
const listSimCards = (query) => ({
  method: 'GET',
  url: '/v1/sim-cards',
  contentType: 'application/json',
  queryParams: query,
  pathParams: {},
  headers: {},
  responseHeaders: ['X-Request-Id'],
});

const page = await gsl().sendRequest(listSimCards({ limit: 10, offset: 1, sim_status: 20 }));
console.log(`ListSimCards: ${page.count} cards in use, first ${page.sim_cards[0].iccid} (${page.sim_cards[0].flow_used} MB used)`);

try {
  await gsl('not-the-secret').sendRequest(listSimCards({ limit: 10 }));
} catch (err) {
  console.log(`bad signature: ${err.errorCode} (HTTP ${err.httpStatusCode})`); // APIGW.0301 (HTTP 401)
}
