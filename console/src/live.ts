import { send } from './api.js';

export type LiveStatus = 'connecting' | 'live' | 'retrying';

/**
 * The most journal events the page asks for in one write of the stream (StreamEvents `max`; the
 * server writes at most every 50 ms, so at most 400 rows a second). A busy client makes thousands
 * of requests a second, more than anyone can read; the others come as a `skipped` count, shown as
 * "… N more" and read from the journal on demand. Encoding and parsing every one of them is what
 * an open console cost a busy simulator.
 */
export const LIVE_MAX_PER_WRITE = 20;

/**
 * The control plane's server-sent events, read with fetch and a streaming body rather than
 * EventSource, which cannot send the control token's Authorization header. Reconnects after a
 * drop; the returned call stops it.
 */
export function openEvents(onEvent: (name: string, data: unknown) => void, onStatus: (status: LiveStatus) => void): () => void {
  const abort = new AbortController();
  const retryMs = 2000;
  const run = async () => {
    while (!abort.signal.aborted) {
      onStatus('connecting');
      try {
        const res = await send('GET', `events?max=${LIVE_MAX_PER_WRITE}`, undefined, { signal: abort.signal });
        if (!res.ok || !res.body) throw new Error(`events: HTTP ${res.status}`);
        onStatus('live');
        await readEvents(res.body, onEvent);
      } catch {
        if (abort.signal.aborted) return;
      }
      onStatus('retrying');
      await new Promise((resolve) => setTimeout(resolve, retryMs));
    }
  };
  void run();
  return () => abort.abort();
}

/** Parses `event:`/`data:` blocks (text/event-stream) as they arrive. */
async function readEvents(body: ReadableStream<Uint8Array>, onEvent: (name: string, data: unknown) => void): Promise<void> {
  const reader = body.getReader();
  const decoder = new TextDecoder();
  let buffer = '';
  for (;;) {
    const { value, done } = await reader.read();
    if (done) return;
    buffer += decoder.decode(value, { stream: true });
    let end: number;
    while ((end = buffer.indexOf('\n\n')) >= 0) {
      const block = buffer.slice(0, end);
      buffer = buffer.slice(end + 2);
      let name = 'message';
      const data: string[] = [];
      for (const line of block.split('\n')) {
        if (line.startsWith('event:')) name = line.slice(6).trim();
        else if (line.startsWith('data:')) data.push(line.slice(5).trimStart());
      }
      if (data.length === 0) continue;
      try {
        onEvent(name, JSON.parse(data.join('\n')));
      } catch {
        // a block that is not JSON is not ours to show
      }
    }
  }
}
