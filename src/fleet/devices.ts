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

export class DeviceRegistry {
  private readonly devices = new Map<string, RegisteredDevice>();

  register(accountId: string, device: RegisteredDevice): void {
    this.devices.set(`${accountId}\u0000${device.imei}`, device);
  }

  get(accountId: string, imei: string): RegisteredDevice | undefined {
    return this.devices.get(`${accountId}\u0000${imei}`);
  }

  toJSON(): Array<{ accountId: string; device: RegisteredDevice }> {
    return [...this.devices].map(([key, device]) => ({ accountId: key.slice(0, key.indexOf('\u0000')), device }));
  }

  restore(data: ReadonlyArray<{ accountId: string; device: RegisteredDevice }>): void {
    this.devices.clear();
    for (const { accountId, device } of data) this.register(accountId, { ...device, comments: device.comments ?? undefined });
  }
}
