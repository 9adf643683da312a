import { AccountEntries, accountKey } from './keyedBook.js';

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

export class DeviceRegistry extends AccountEntries<RegisteredDevice, RegisteredDeviceRecord> {
  /** The key a record is kept under (the change log's replay reads it so too). */
  static keyOf(record: RegisteredDeviceRecord): string {
    return accountKey(record.accountId, record.device.imei);
  }

  register(accountId: string, device: RegisteredDevice): void {
    const at = accountKey(accountId, device.imei);
    this.entries.set(at, device);
    this.changes.wrote(at);
  }

  get(accountId: string, imei: string): RegisteredDevice | undefined {
    return this.entries.get(accountKey(accountId, imei));
  }

  restore(data: ReadonlyArray<RegisteredDeviceRecord>): void {
    this.entries.clear();
    for (const { accountId, device } of data) this.register(accountId, { ...device, comments: device.comments ?? undefined });
    this.changes.replaced();
  }

  protected recordOf(accountId: string, device: RegisteredDevice): RegisteredDeviceRecord {
    return { accountId, device };
  }
}
