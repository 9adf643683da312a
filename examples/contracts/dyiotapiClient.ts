import dyiotapi, { DoIotUserStopResumeRequest, QueryCardFlowInfoRequest } from '@alicloud/dyiotapi20171111';
import { Config } from '@alicloud/openapi-client';

// The package is CommonJS with `exports.default`; TypeScript and vitest disagree on the unwrapping.
const Dyiotapi = ((dyiotapi as unknown as { default?: typeof dyiotapi }).default ?? dyiotapi) as unknown as typeof dyiotapi.default;

/** A Dyiotapi business error (isv.*) found as `Code` in an HTTP 200 body. */
export class DyiotapiError extends Error {
  constructor(
    readonly code: string,
    message: string | undefined,
  ) {
    super(`${code}: ${message ?? ''}`);
  }
}

/** A reference Dyiotapi client on the official generated @alicloud/dyiotapi20171111. */
export class DyiotapiClient {
  private readonly client: InstanceType<typeof Dyiotapi>;

  constructor(options: { host: string; protocol: string; accessKeyId: string; accessKeySecret: string }) {
    const { host, ...rest } = options;
    this.client = new Dyiotapi(new Config({ ...rest, endpoint: host }) as ConstructorParameters<typeof Dyiotapi>[0]);
  }

  /** This period's data used and left, in KB (Dyiotapi's unit). */
  async flow(iccid: string): Promise<{ usedKB: number; restKB: number }> {
    const { body } = await this.client.queryCardFlowInfo(new QueryCardFlowInfoRequest({ iccid }));
    checked(body);
    const info = body?.cardFlowInfos?.cardFlowInfo?.[0];
    return { usedKB: info?.flowUsed ?? 0, restKB: info?.restOfFlow ?? 0 };
  }

  async stop(iccid: string): Promise<void> {
    const { body } = await this.client.doIotUserStopResume(new DoIotUserStopResumeRequest({ iccid, optionType: 'stop' }));
    checked(body);
  }

  async resume(iccid: string): Promise<void> {
    const { body } = await this.client.doIotUserStopResume(new DoIotUserStopResumeRequest({ iccid, optionType: 'resume' }));
    checked(body);
  }
}

/**
 * Tea clients throw only on HTTP errors. Dyiotapi's page publishes 4xx statuses for its business
 * errors (the SDK throws them), but the live service has answered them as `Code` in a 200: check both.
 */
function checked(body: { code?: string; message?: string } | undefined): void {
  if (body?.code && body.code !== 'OK') throw new DyiotapiError(body.code, body.message);
}
