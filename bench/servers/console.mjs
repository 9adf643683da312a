// The console's live journal as the page reads it (console/src/live.ts): `GET /_sim/events?max=20`
// (the page's LIVE_MAX_PER_WRITE: at most the 20 newest journal events a write, the rest counted in
// a `skipped` event) with fetch() and a streaming body reader, every event block parsed. The
// console-subscribed rows measure a simulator with this stream open. It is a process of its own,
// so the load generator's event loop never parses events; it is opened and closed over IPC,
// outside the measured time.
const MAX_PER_WRITE = 20;
let stream;

async function open(url) {
  const abort = new AbortController();
  const res = await fetch(`${url}/_sim/events?max=${MAX_PER_WRITE}`, { signal: abort.signal });
  if (!res.ok || !res.body) throw new Error(`events: HTTP ${res.status}`);
  // The reader's own CPU over the turn: what the console costs the machine beside the server.
  const state = { abort, journal: 0, skipped: 0, events: 0, cpu: process.cpuUsage() };
  let ready;
  const first = new Promise((resolve) => (ready = resolve));
  const read = async () => {
    const reader = res.body.getReader();
    const decoder = new TextDecoder();
    let buffer = '';
    for (;;) {
      const { value, done } = await reader.read();
      if (done) return;
      buffer += decoder.decode(value, { stream: true });
      let end;
      while ((end = buffer.indexOf('\n\n')) >= 0) {
        const block = buffer.slice(0, end);
        buffer = buffer.slice(end + 2);
        let name = 'message';
        const data = [];
        for (const line of block.split('\n')) {
          if (line.startsWith('event:')) name = line.slice(6).trim();
          else if (line.startsWith('data:')) data.push(line.slice(5).trimStart());
        }
        if (data.length === 0) continue;
        const parsed = JSON.parse(data.join('\n'));
        state.events++;
        if (name === 'journal') state.journal++;
        else if (name === 'skipped') state.skipped += parsed.count;
        // The stream opens with the clock: from then on the server's subscription is in place.
        if (name === 'clock') ready();
      }
    }
  };
  state.done = read().catch(() => undefined);
  await first;
  return state;
}

process.on('message', (m) => {
  if (m.type === 'open') {
    open(m.url).then(
      (s) => {
        stream = s;
        process.send({ type: 'opened' });
      },
      (err) => process.send({ type: 'opened', error: String(err) }),
    );
  } else if (m.type === 'close') {
    const s = stream;
    stream = undefined;
    if (!s) return void process.send({ type: 'closed', journal: 0, skipped: 0, events: 0 });
    // The turn's last events may still be on their way: a moment for them before hanging up.
    setTimeout(() => s.abort.abort(), 200);
    s.done.then(() => {
      const cpu = process.cpuUsage(s.cpu);
      process.send({ type: 'closed', journal: s.journal, skipped: s.skipped, events: s.events, cpuMs: (cpu.user + cpu.system) / 1000 });
    });
  }
});
process.send({ url: '' });
process.on('SIGTERM', () => process.exit(0));
