import RPCClient from '@alicloud/pop-core';

/** linkcard's `Data` envelope members this client reads. */
interface CardPage {
  Data: { List: Array<{ Iccid: string }>; Total: number; PageNo: number; PageSize: number };
}
interface CardDetail {
  Data: {
    VsimCardInfo: { Iccid: string; Msisdn?: string[]; Imsi?: string[]; Status?: string; PeriodAddFlow?: string; PeriodRestFlow?: string };
  };
}

export interface LinkcardCard {
  iccid: string;
  msisdn?: string;
  imsi?: string;
  /** linkcard's coarse state code: "30" in use, "35" stopped, … */
  status?: string;
  /** This period's data in KB (linkcard prints `"0KB"`, `"130.00MB"`, `"1.50GB"`). */
  usedKB: number;
  /** What is left of this period's allowance, in KB. */
  restKB: number;
}

/** A reference linkcard client on the official @alicloud/pop-core, as application code would write it. */
export class LinkcardClient {
  private readonly rpc: RPCClient;

  constructor(options: { endpoint: string; accessKeyId: string; accessKeySecret: string }) {
    this.rpc = new RPCClient({ ...options, apiVersion: '2021-05-20' });
  }

  /** Every card, 40 a page (the largest size linkcard allows). */
  async listAllCards(): Promise<string[]> {
    const iccids: string[] = [];
    for (let pageNo = 1; ; pageNo++) {
      const page = (await this.rpc.request('ListCardInfo', { PageNo: pageNo, PageSize: 40 }, { method: 'POST' })) as CardPage;
      iccids.push(...page.Data.List.map((card) => card.Iccid));
      if (page.Data.List.length === 0 || iccids.length >= page.Data.Total) return iccids;
    }
  }

  async card(iccid: string): Promise<LinkcardCard> {
    const { Data } = (await this.rpc.request('GetCardDetail', { Iccid: iccid }, { method: 'POST' })) as CardDetail;
    const info = Data.VsimCardInfo;
    return {
      iccid: info.Iccid,
      msisdn: info.Msisdn?.[0],
      imsi: info.Imsi?.[0],
      status: info.Status,
      usedKB: flowToKb(info.PeriodAddFlow ?? '0KB'),
      restKB: flowToKb(info.PeriodRestFlow ?? '0KB'),
    };
  }

  async stop(iccid: string): Promise<void> {
    await this.rpc.request('StopSingleCard', { Iccid: iccid }, { method: 'POST' });
  }

  async resume(iccid: string): Promise<void> {
    await this.rpc.request('ResumeSingleCard', { Iccid: iccid }, { method: 'POST' });
  }
}

/** linkcard prints data in KB, MB or GB by magnitude (`"0KB"`, `"130.00MB"`, `"1.50GB"`). */
const KB_PER_UNIT: Record<string, number> = { KB: 1, MB: 1024, GB: 1024 * 1024 };

function flowToKb(text: string): number {
  const match = /^([\d.]+)\s*(KB|MB|GB)$/i.exec(text.trim());
  if (!match) throw new Error(`unreadable data amount ${JSON.stringify(text)}`);
  return Number.parseFloat(match[1]!) * KB_PER_UNIT[match[2]!.toUpperCase()]!;
}
