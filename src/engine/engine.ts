import type { EngineContext } from './context.js';
import type { SimRequest } from './simRequest.js';
import type { SimResponse } from './simResponse.js';
import type { VendorSurface } from './surface.js';
import { InjectedFault, RequestTrace } from './trace.js';

/**
 * What the engine calls out to, given once at construction so that each hook has one owner (the
 * one that builds the engine) and none can be swapped under a running server. Two parties that
 * need the same hook compose it once, where they build the engine.
 */
export interface EngineHooks {
  /** Called once the gateway knows account and action: the fault rules. May throw an InjectedFault. */
  readonly checkpoint?: ((req: SimRequest, trace: RequestTrace) => void) | undefined;
  /** Called with every answered request, what was learnt about it and the ms it took: the journal. */
  readonly onServed?: ((req: SimRequest, trace: RequestTrace, res: SimResponse, elapsedMs: number) => void) | undefined;
  /** Failures the surfaces did not map (our bugs): the server's log. */
  readonly onUnexpected?: ((err: unknown, req: SimRequest) => void) | undefined;
}

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
    hooks: EngineHooks = {},
  ) {
    this.checkpoint = hooks.checkpoint;
    this.onServed = hooks.onServed;
    this.onUnexpected = hooks.onUnexpected;
  }

  // Copied out of the hooks object so that the hot path reads a field, not a property of a property.
  private readonly checkpoint: EngineHooks['checkpoint'];
  private readonly onServed: EngineHooks['onServed'];
  private readonly onUnexpected: EngineHooks['onUnexpected'];

  handle(req: SimRequest): SimResponse {
    const surface = this.surfaces.find((s) => s.claims(req)) ?? this.fallback;
    const trace = new RequestTrace();
    trace.vendor = surface.vendor;
    const checkpoint = this.checkpoint;
    if (checkpoint) trace.checkpoint = (t) => checkpoint(req, t);
    const started = this.onServed ? performance.now() : 0;
    let res: SimResponse;
    try {
      if (req.bodyTooLarge) return this.served(req, trace, surface.payloadTooLarge(req, this.context, trace), started);
      // Time may have passed since the last request: let due carrier operations complete first.
      this.context.fleet.settle(this.context.clock.now());
      res = surface.handle(req, this.context, trace);
    } catch (err) {
      if (err instanceof InjectedFault) {
        res =
          err.effect.kind === 'http'
            ? surface.systemError(err.effect.status, req, this.context, trace)
            : err.effect.kind === 'drop'
              ? { status: 0, headers: {}, body: '', drop: true }
              : surface.internalError(req, this.context, trace);
      } else {
        this.reportUnexpected(err, req);
        res = this.internalError(surface, req, trace);
        trace.errorCode ??= 'InternalError';
      }
    }
    if (trace.delayMs > 0) res.delayMs = (res.delayMs ?? 0) + trace.delayMs;
    return this.served(req, trace, res, started);
  }

  private served(req: SimRequest, trace: RequestTrace, res: SimResponse, started: number): SimResponse {
    try {
      this.onServed?.(req, trace, res, performance.now() - started);
    } catch (err) {
      // The journal must never cost the client its answer (nor the process its life).
      this.reportUnexpected(err, req);
    }
    return res;
  }

  /**
   * The vendor's system error; if even that fails, a bare JSON 500, so that no request can throw
   * out of the engine.
   */
  private internalError(surface: VendorSurface, req: SimRequest, trace: RequestTrace): SimResponse {
    try {
      return surface.internalError(req, this.context, trace);
    } catch (err) {
      this.reportUnexpected(err, req);
      return { status: 500, headers: { 'content-type': 'application/json' }, body: '{"code":"InternalError","message":"internal error"}' };
    }
  }

  /**
   * Hands a failure nobody mapped to the onUnexpected hook (the control plane reports its own
   * here too); a hook that throws is ignored.
   */
  reportUnexpected(err: unknown, req: SimRequest): void {
    try {
      this.onUnexpected?.(err, req);
    } catch {
      // a logger that throws has nothing more to tell
    }
  }
}
