// A ceiling: bare node:http answering the page a simulator row answers (the same bytes), either
// serialised once (`static`) or through JSON.stringify on every request (`stringify`), with the
// simulator's own response headers for that page (content-type and the rest, captured once).
// Nothing a server in Node does per request can cost less than this, so a row is a ratio of its
// own page's ceiling.
import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';

const [, , pageFile, mode, headersJson] = process.argv;
const page = JSON.parse(readFileSync(pageFile, 'utf8'));
const bytes = Buffer.from(JSON.stringify(page));
const headers = headersJson ? JSON.parse(headersJson) : { 'content-type': 'application/json;charset=utf-8' };

const server = createServer((req, res) => {
  // Drain the body like any server must before answering on a kept-alive connection.
  req.resume();
  req.on('end', () => {
    const body = mode === 'static' ? bytes : JSON.stringify(page);
    res.writeHead(200, { ...headers, 'content-length': Buffer.byteLength(body) });
    res.end(body);
  });
});
server.keepAliveTimeout = 5_000;
server.listen(0, '127.0.0.1', () => process.send({ url: `http://127.0.0.1:${server.address().port}` }));
// Exit normally on SIGTERM so `--cpu-prof` gets to write its profile.
process.on('SIGTERM', () => process.exit(0));
