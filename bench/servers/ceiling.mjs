// The ceiling: bare node:http answering the same page the simulator answers, either as bytes
// serialised once (`static`) or through JSON.stringify on every request (`stringify`). Nothing a
// server in Node does per request can cost less than this, so every other row is a ratio of it.
import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';

const [, , pageFile, mode] = process.argv;
const page = JSON.parse(readFileSync(pageFile, 'utf8'));
const bytes = Buffer.from(JSON.stringify(page));

const server = createServer((req, res) => {
  // Drain the body like any server must before answering on a kept-alive connection.
  req.resume();
  req.on('end', () => {
    const body = mode === 'static' ? bytes : JSON.stringify(page);
    res.writeHead(200, { 'content-type': 'application/json;charset=utf-8', 'content-length': Buffer.byteLength(body) });
    res.end(body);
  });
});
server.keepAliveTimeout = 5_000;
server.listen(0, '127.0.0.1', () => process.send({ url: `http://127.0.0.1:${server.address().port}` }));
// Exit normally on SIGTERM so `--cpu-prof` gets to write its profile.
process.on('SIGTERM', () => process.exit(0));
