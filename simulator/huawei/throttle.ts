import type { EngineContext } from '../../src/engine/context.js';
import { withinRate } from '../../src/engine/rateLimiter.js';
import { HuaweiError } from './errors.js';

/**
 * The API gateway's flow control: at most settings.huaweiRequestsPerSecond calls per account and
 * API in one second of the simulated clock, then APIGW.0308. 0 turns it off.
 */
export function checkThrottle(ctx: EngineContext, accountId: string, operationId: string): void {
  const limit = ctx.settings.huaweiRequestsPerSecond;
  if (limit <= 0) return;
  if (!withinRate(ctx.fleet, `huawei\u0000${accountId}\u0000${operationId}`, ctx.clock.now(), limit)) {
    throw new HuaweiError('APIGW.0308', { limit: String(limit) });
  }
}
