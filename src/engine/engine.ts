import type { EngineContext } from './context.js';
import type { SimRequest } from './simRequest.js';
import type { SimResponse } from './simResponse.js';
import type { VendorSurface } from './surface.js';

/**
 * The transport-neutral core: SimRequest in, SimResponse out. It picks the vendor surface and
 * guarantees that whatever goes wrong inside, the client gets that vendor's error body.
 */
export class Engine {
  constructor(
    readonly context: EngineContext,
    private readonly surfaces: readonly VendorSurface[],
    /** Who answers a request no surface claims (the REST vendor's "no such API"). */
    private readonly fallback: VendorSurface,
  ) {}

  handle(req: SimRequest): SimResponse {
    const surface = this.surfaces.find((s) => s.claims(req)) ?? this.fallback;
    try {
      // Time may have passed since the last request: let due carrier operations complete first.
      this.context.fleet.settle(this.context.clock.now());
      return surface.handle(req, this.context);
    } catch (err) {
      this.onUnexpected?.(err, req);
      return surface.internalError(req, this.context);
    }
  }

  /** Hook for logging failures the surfaces did not map (set by the server). */
  onUnexpected: ((err: unknown, req: SimRequest) => void) | undefined;
}
