import { Agent, request } from 'node:http';
import { describe, expect, it } from 'vitest';
import { cliRunner } from '#helpers/cliProcess.js';

const run = cliRunner();

/** Sends `path` with a body of `bodyBytes` and resolves with the status, or the error's code. */
function send(port: number, agent: Agent, path: string, bodyBytes: number): Promise<number | string> {
  return new Promise((resolve) => {
    const req = request({ host: '127.0.0.1', port, method: 'DELETE', path, agent, headers: { 'content-type': 'text/plain' } }, (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode!));
    });
    req.on('error', (err: NodeJS.ErrnoException) => resolve(err.code ?? err.message));
    req.end(Buffer.alloc(bodyBytes, 0x78));
  });
}

/**
 * A request line and headers over Node's 16 KB get its 431 (src/adapters/clientError.ts), and the
 * client reads it even while a large body is still on its way: Node's own handler reset the
 * socket under the body, and the fuzzer's client read ECONNRESET instead (seed 12). The server
 * runs in a process of its own, as then the reset and the client's read really race.
 */
describe('a request whose head Node refuses', () => {
  it('is answered 431, on a new connection and on one kept alive, with a 1 MB body behind it', async () => {
    const { port } = await run(['--port', '0', '--log-level', 'warn']).ready;
    const agent = new Agent({ keepAlive: true, maxSockets: 1 });
    const statuses: Array<number | string> = [];
    for (let i = 0; i < 10; i++) {
      statuses.push(await send(port, agent, '/_sim/clock', 0));
      statuses.push(await send(port, agent, `/v1/tags/x?${'x'.repeat(16_400)}`, 1_000_000));
    }
    agent.destroy();
    expect(statuses.filter((s, i) => i % 2 === 1)).toEqual(Array(10).fill(431));
    // Answers on the same connections before them still went through.
    expect(statuses.filter((s, i) => i % 2 === 0).every((s) => typeof s === 'number')).toBe(true);
  });
});
