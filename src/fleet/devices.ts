import { KeyedBookBase } from './keyedBook.js';

/**
 * Device IMEIs a customer has registered with the carrier (Alibaba DoIotPostImei), per account.
 * A card's bound IMEI lives on the card; this is the list of devices allowed to be bound.
 */
export interface RegisteredDevice {
  readonly imei: string;
  readonly deviceType: string;
  readonly comments: string | undefined;
  readonly registeredAt: number;
}

/** A device as the registry writes it (toJSON). */
export interface RegisteredDeviceRecord {
  accountId: string;
  device: RegisteredDevice;
}

export class DeviceRegistry extends KeyedBookBase {
  private readonly devices = new Map<string, RegisteredDevice>();

  /** The key a record is kept under (the change log's replay reads it so too). */
  static keyOf(record: RegisteredDeviceRecord): string {
    return key(record.accountId, record.device.imei);
  }

  register(accountId: string, device: RegisteredDevice): void {
    const at = key(accountId, device.imei);
    this.devices.set(at, device);
    this.changes.wrote(at);
  }

  get(accountId: string, imei: string): RegisteredDevice | undefined {
    return this.devices.get(key(accountId, imei));
  }

  toJSON(): RegisteredDeviceRecord[] {
    return [...this.devices].map(([at, device]) => record(at, device));
  }

  protected recordAt(at: string): RegisteredDeviceRecord | undefined {
    const device = this.devices.get(at);
    return device && record(at, device);
  }

  restore(data: ReadonlyArray<RegisteredDeviceRecord>): void {
    this.devices.clear();
    for (const { accountId, device } of data) this.register(accountId, { ...device, comments: device.comments ?? undefined });
    this.changes.replaced();
  }
}

const key = (accountId: string, imei: string): string => `${accountId}\u0000${imei}`;

const record = (at: string, device: RegisteredDevice): RegisteredDeviceRecord => ({ accountId: at.slice(0, at.indexOf('\u0000')), device });
