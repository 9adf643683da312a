import type { EngineContext } from '../../src/engine/context.js';
import { withinRate } from '../../src/engine/rateLimiter.js';
import { AliyunError } from './errors.js';

/**
 * Alibaba's flow control: at most settings.aliyunRequestsPerSecond calls per account and API in
 * one second of the simulated clock, then Throttling.User. 0 turns it off.
 */
export function checkThrottle(ctx: EngineContext, accountId: string, api: string): void {
  const limit = ctx.settings.aliyunRequestsPerSecond;
  if (limit <= 0) return;
  if (!withinRate(ctx.fleet, `aliyun\u0000${accountId}\u0000${api}`, ctx.clock.now(), limit)) {
    throw new AliyunError('Throttling.User');
  }
}
