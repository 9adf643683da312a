import { connect, type Socket } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { createSimulator, startServer, type RunningServer } from '#src/index.js';

/**
 * Idle and slow clients cannot starve the server (issue 14, item 9): a connection cap, and
 * header and idle timeouts that close sockets which send nothing. No timing is asserted, only
 * that what must close does close and that the server answers afterwards.
 */
let running: RunningServer | undefined;
afterEach(async () => {
  await running?.close();
  running = undefined;
});

function open(port: number): Promise<Socket> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1', () => resolve(socket));
    socket.on('error', reject);
    socket.resume(); // flowing, so a close by the server is seen
  });
}

const closed = (socket: Socket) => new Promise<void>((resolve) => (socket.destroyed ? resolve() : socket.once('close', () => resolve())));

function get(port: number, path: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1', () => socket.write(`GET ${path} HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n`));
    let text = '';
    socket.on('data', (c: Buffer) => (text += c.toString('latin1')));
    socket.on('close', () => resolve(text));
    socket.on('error', reject);
  });
}

describe('the node server limits', () => {
  it('closes a connection over the cap on arrival and answers again once one is free', async () => {
    running = await startServer(createSimulator(), { maxConnections: 2 });
    const a = await open(running.port);
    const b = await open(running.port);
    const c = await open(running.port);
    let cGotData = false;
    c.on('data', () => (cGotData = true));
    await closed(c);
    expect(cGotData).toBe(false);
    a.destroy();
    await closed(a);
    // The server counts `a` out when it sees the close, which may be a moment after ours.
    let answer = '';
    for (let attempt = 0; attempt < 50 && answer === ''; attempt++) answer = await get(running.port, '/_sim/clock');
    expect(answer).toMatch(/^HTTP\/1\.1 200 /);
    b.destroy();
  });

  it('closes a connection that never sends its headers, and one idle after an answer', async () => {
    running = await startServer(createSimulator(), { headersTimeoutMs: 200, requestTimeoutMs: 300, idleTimeoutMs: 200 });
    const silent = await open(running.port);
    const partial = await open(running.port);
    partial.write('GET /_sim/clock HTTP/1.1\r\nHost: x\r\n'); // never finished
    const kept = await open(running.port);
    let keptText = '';
    kept.on('data', (c: Buffer) => (keptText += c.toString('latin1')));
    kept.write('GET /_sim/clock HTTP/1.1\r\nHost: x\r\n\r\n');
    await Promise.all([closed(silent), closed(partial), closed(kept)]);
    expect(keptText).toMatch(/^HTTP\/1\.1 200 /);
    expect(keptText).toMatch(/keep-alive/i);
  });

  it('refuses a limit that is not a positive whole number', async () => {
    await expect(startServer(createSimulator(), { maxConnections: 0 })).rejects.toThrow(/maxConnections/);
  });
});
