// Broken on purpose: a hand-rolled SDK-HMAC-SHA256 signer that leaves the trailing slash off the
// canonical URI (the SDKs add one). Every signed request is refused.
import { createHash, createHmac } from 'node:crypto';
import { gslContract, type HuaweiCredentials } from 'iotcard-sim/contracts';

class HandSignedGsl {
  constructor(
    private readonly endpoint: string,
    private readonly keys: HuaweiCredentials,
  ) {}

  async send<T>(method: string, path: string, query: Record<string, string | number> = {}, body?: object): Promise<T> {
    const url = new URL(path, this.endpoint);
    for (const [name, value] of Object.entries(query)) url.searchParams.set(name, String(value));
    const payload = body ? JSON.stringify(body) : '';
    const date = new Date()
      .toISOString()
      .replace(/[-:]/g, '')
      .replace(/\.\d{3}Z$/, 'Z');
    const headers: Record<string, string> = {
      'content-type': 'application/json',
      host: url.host,
      'x-project-id': this.keys.projectId,
      'x-sdk-date': date,
    };
    const signed = Object.keys(headers).sort();
    const canonicalQuery = [...url.searchParams]
      .sort(([a], [b]) => (a < b ? -1 : 1))
      .map(([n, v]) => `${encodeURIComponent(n)}=${encodeURIComponent(v)}`)
      .join('&');
    const canonical = [
      method,
      url.pathname /* the bug: no trailing slash */,
      canonicalQuery,
      signed.map((h) => `${h}:${headers[h]}`).join('\n') + '\n',
      signed.join(';'),
      sha256(payload),
    ].join('\n');
    const signature = createHmac('sha256', this.keys.sk)
      .update(`SDK-HMAC-SHA256\n${date}\n${sha256(canonical)}`)
      .digest('hex');
    headers['authorization'] = `SDK-HMAC-SHA256 Access=${this.keys.ak}, SignedHeaders=${signed.join(';')}, Signature=${signature}`;
    const res = await fetch(url, { method, headers, ...(body ? { body: payload } : {}) });
    const json = (await res.json()) as T & { error_code?: string };
    if (!res.ok) throw Object.assign(new Error(json.error_code), { errorCode: json.error_code });
    return json;
  }
}

function sha256(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

interface SimCard {
  iccid: string;
  msisdn?: string;
  imsi?: string;
  flow_used?: number;
}

gslContract({
  name: 'signs wrongly',
  createClient: ({ endpoint, credentials }) => new HandSignedGsl(endpoint, credentials),
  operations: {
    listAllCards: async (client) => {
      const cards: SimCard[] = [];
      for (let page = 1; ; page++) {
        const body = await client.send<{ count: number; sim_cards: SimCard[] }>('GET', '/v1/sim-cards', { limit: 500, offset: page });
        cards.push(...body.sim_cards);
        if (body.sim_cards.length === 0 || cards.length >= body.count) return cards;
      }
    },
    cardDetail: async (client, iccid) => {
      const card = await client.send<SimCard>('GET', '/v1/sim-cards/0', { iccid });
      return { iccid: card.iccid, msisdn: card.msisdn, imsi: card.imsi, dataUsedKB: (card.flow_used ?? 0) * 1024 };
    },
    stop: (client, iccid) => client.send('POST', '/v1/sim-cards/0/stop', {}, { iccid }),
    resume: (client, iccid) => client.send('POST', '/v1/sim-cards/0/reset', {}, { iccid }),
  },
  errorCode: (error) => (error as { errorCode?: string }).errorCode,
});
