import { BasicCredentials } from '@huaweicloud/huaweicloud-sdk-core';
import { ClientBuilder } from '@huaweicloud/huaweicloud-sdk-core/ClientBuilder.js';
import type { HcClient } from '@huaweicloud/huaweicloud-sdk-core/HcClient.js';

interface SimCard {
  sim_card_id: number;
  iccid: string;
  msisdn?: string;
  imsi?: string;
  /** 20 in use, 14 stopped at quota, … (docs/state-mapping.md) */
  sim_status?: number;
  /** MB, two decimals. */
  flow_used?: number;
  flow_left?: number;
}

/**
 * A reference GSL client on the official @huaweicloud/huaweicloud-sdk-core, written the way
 * Huawei's generated clients are (Huawei publishes no GSL package for Node).
 */
export class GslClient {
  private readonly hc: HcClient;

  constructor(options: { endpoint: string; ak: string; sk: string; projectId: string }) {
    const credential = new BasicCredentials().withAk(options.ak).withSk(options.sk).withProjectId(options.projectId);
    this.hc = new ClientBuilder((hc: HcClient) => hc).withCredential(credential).withEndpoint(options.endpoint).build();
  }

  /** Every card, 500 a page; GSL's `offset` is a page number from 1. */
  async listAllCards(): Promise<SimCard[]> {
    const cards: SimCard[] = [];
    for (let page = 1; ; page++) {
      const body = await this.send<{ count: number; sim_cards: SimCard[] }>('GET', '/v1/sim-cards', {
        queryParams: { limit: 500, offset: page },
      });
      cards.push(...body.sim_cards);
      if (body.sim_cards.length === 0 || cards.length >= body.count) return cards;
    }
  }

  /** One card by ICCID (ShowSimCard with id 0). */
  card(iccid: string): Promise<SimCard> {
    return this.send('GET', '/v1/sim-cards/{sim_card_id}', { pathParams: { sim_card_id: 0 }, queryParams: { iccid } });
  }

  async stop(iccid: string): Promise<number> {
    return (await this.cardOrder('stop', iccid)).work_order_id;
  }

  async resume(iccid: string): Promise<number> {
    return (await this.cardOrder('reset', iccid)).work_order_id;
  }

  private cardOrder(action: 'stop' | 'reset', iccid: string): Promise<{ work_order_id: number }> {
    return this.send('POST', `/v1/sim-cards/{sim_card_id}/${action}`, { pathParams: { sim_card_id: 0 }, data: { iccid } });
  }

  private send<T>(method: string, url: string, options: { queryParams?: object; pathParams?: object; data?: object }): Promise<T> {
    return this.hc.sendRequest({
      method,
      url,
      contentType: 'application/json',
      queryParams: options.queryParams ?? {},
      pathParams: options.pathParams ?? {},
      headers: {},
      ...(options.data ? { data: options.data } : {}),
    } as never) as Promise<T>;
  }
}
