import RPCClient from '@alicloud/pop-core';

/** linkcard's `Data` envelope members this client reads. */
interface CardPage {
  Data: { List: Array<{ Iccid: string }>; Total: number; PageNo: number; PageSize: number };
}
interface CardDetail {
  Data: { VsimCardInfo: { Iccid: string; Msisdn?: string[]; Imsi?: string[]; Status?: string; PeriodAddFlow?: string; PeriodRestFlow?: string } };
}

export interface LinkcardCard {
  iccid: string;
  msisdn?: string;
  imsi?: string;
  /** linkcard's coarse state code: "30" in use, "35" stopped, … */
  status?: string;
  /** This period's data in KB (linkcard prints `"130.00MB"`). */
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
      usedKB: megabytesToKb(info.PeriodAddFlow ?? '0MB'),
      restKB: megabytesToKb(info.PeriodRestFlow ?? '0MB'),
    };
  }

  async stop(iccid: string): Promise<void> {
    await this.rpc.request('StopSingleCard', { Iccid: iccid }, { method: 'POST' });
  }

  async resume(iccid: string): Promise<void> {
    await this.rpc.request('ResumeSingleCard', { Iccid: iccid }, { method: 'POST' });
  }
}

function megabytesToKb(text: string): number {
  return Number.parseFloat(text) * 1024;
}
