import type { SimResponse } from '#src/engine/simResponse.js';
import type { Simulator } from '#src/simulator.js';

/** A control-plane call (`/_sim…`) made in-process, its body as JSON when there is one. */
export function controlCall(simulator: Simulator, method: string, path: string, body?: unknown): SimResponse {
  return simulator.handle({
    method,
    path: `/_sim${path}`,
    rawQuery: '',
    headers: body === undefined ? {} : { 'content-type': 'application/json' },
    body: body === undefined ? new Uint8Array() : new TextEncoder().encode(JSON.stringify(body)),
  });
}
