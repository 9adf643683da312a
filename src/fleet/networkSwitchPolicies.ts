import { RevisedBook } from './revisedBook.js';

/**
 * Network switch policies of three-network (multi-carrier) cards: which carrier to prefer and
 * when to switch. Kept per account as the customer defines them; no card applies them yet, as the
 * fleet has no three-network cards.
 */
export interface NetworkSwitchPolicy {
  readonly id: number;
  readonly accountId: string;
  readonly name: string | undefined;
  /** Carrier codes as the customer gave them (1 China Mobile, 2 China Telecom, 3 China Unicom, 4 last used). */
  readonly preferredCarrier: number | undefined;
  readonly leastPreferredCarrier: number | undefined;
  readonly optimalSignal: boolean;
  readonly autoSwitch: boolean;
  readonly weakSignalSwitch: boolean;
  readonly connectIp: string | undefined;
  readonly version: number;
  readonly switchOrder: string | undefined;
  readonly blacklist: number | undefined;
  readonly createdAt: number;
}

export class NetworkSwitchPolicyBook extends RevisedBook {
  private readonly policies: NetworkSwitchPolicy[] = [];
  private nextId = 1;

  add(policy: Omit<NetworkSwitchPolicy, 'id'>): NetworkSwitchPolicy {
    const created = { ...policy, id: this.nextId++ };
    this.policies.push(created);
    this.changed();
    return created;
  }

  list(accountId: string): NetworkSwitchPolicy[] {
    return this.policies.filter((p) => p.accountId === accountId);
  }

  get(accountId: string, id: number): NetworkSwitchPolicy | undefined {
    return this.policies.find((p) => p.accountId === accountId && p.id === id);
  }

  toJSON(): { nextId: number; policies: NetworkSwitchPolicy[] } {
    return { nextId: this.nextId, policies: [...this.policies] };
  }

  restore(data: { nextId: number; policies: readonly NetworkSwitchPolicy[] }): void {
    this.policies.length = 0;
    this.policies.push(...data.policies.map((p) => ({ ...p })));
    this.nextId = data.nextId;
    this.changed();
  }
}
