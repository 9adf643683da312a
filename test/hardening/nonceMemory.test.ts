import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { describe, expect, it } from 'vitest';
import { createSimulator } from '#src/nodeSimulator.js';
import { signedV1 } from '../aliyun/helpers/sign.js';

const ALIYUN = { accessKeyId: 'testAccessKeyId', secret: 'testAccessKeySecret' };

describe('memory a signed request leaves behind', () => {
  it('is its remembered nonce, not the request it came in', () => {
    // Through the gateway's own parsing: a nonce read out of a form body is a slice of the body's
    // text, and a remembered slice kept the whole body (~530 bytes a request measured, ~170 with
    // the replay guard's copy). docs/reliability.md, "Fuzzing".
    setFlagsFromString('--expose-gc');
    const gc = runInNewContext('gc') as () => void;
    const simulator = createSimulator({ cards: 200, settings: { authMode: 'strict', aliyunRequestsPerSecond: 0 } });
    const iccid = simulator.fleet.query({ accountId: simulator.fleet.accounts()[0]!.id }, 0, 1).items[0]!.iccid;
    const call = () => {
      const req = signedV1('QueryCardFlowInfo', '2017-11-11', { Iccid: iccid }, { method: 'POST', at: Date.now(), ...ALIYUN });
      return simulator.handle(req).status;
    };
    // The journal's ring and the code's warm-up first: they are not per request.
    for (let i = 0; i < 2_000; i++) expect(call()).toBe(200);
    gc();
    const before = process.memoryUsage().heapUsed;
    const n = 20_000;
    let ok = 0;
    for (let i = 0; i < n; i++) if (call() === 200) ok++;
    gc();
    const perRequest = (process.memoryUsage().heapUsed - before) / n;
    expect(ok).toBe(n);
    expect(perRequest).toBeLessThan(350);
  });
});
