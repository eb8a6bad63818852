/*
 * The stack's Git server: git's own smart HTTP (`git http-backend`, a CGI program of Debian's git
 * package) behind a small node:http server, serving the bare repositories of one folder read-only
 * (upload-pack only; the stack commits to them on disk). Flux's source-controller clones from it.
 * Started detached by flux.ts: `node --experimental-strip-types gitServer.ts ROOT PORT`.
 */
import { spawn } from 'node:child_process';
import {
  createServer,
  type IncomingMessage,
  type ServerResponse,
} from 'node:http';

const [root, portText] = process.argv.slice(2);
if (!root || !portText) {
  process.stderr.write('usage: gitServer.ts ROOT PORT\n');
  process.exit(2);
}

/** `git http-backend`: Debian installs it with git, outside PATH. */
const backend = ['git', 'http-backend'];

function serve(req: IncomingMessage, res: ServerResponse): void {
  const url = new URL(req.url ?? '/', 'http://127.0.0.1');
  const service = url.searchParams.get('service');
  if (
    url.pathname.endsWith('/git-receive-pack') ||
    service === 'git-receive-pack'
  ) {
    res.writeHead(403, { 'Content-Type': 'text/plain' }).end('read-only\n');
    return;
  }
  const child = spawn(backend[0], backend.slice(1), {
    env: {
      PATH: process.env.PATH ?? '/usr/bin:/bin',
      GIT_PROJECT_ROOT: root,
      GIT_HTTP_EXPORT_ALL: '1',
      GATEWAY_INTERFACE: 'CGI/1.1',
      REQUEST_METHOD: req.method ?? 'GET',
      PATH_INFO: decodeURIComponent(url.pathname),
      QUERY_STRING: url.search.slice(1),
      CONTENT_TYPE: req.headers['content-type'] ?? '',
      ...(req.headers['content-length']
        ? { CONTENT_LENGTH: req.headers['content-length'] }
        : {}),
      ...(req.headers['content-encoding']
        ? { HTTP_CONTENT_ENCODING: req.headers['content-encoding'] }
        : {}),
      ...(req.headers['git-protocol']
        ? { GIT_PROTOCOL: String(req.headers['git-protocol']) }
        : {}),
      REMOTE_ADDR: req.socket.remoteAddress ?? '127.0.0.1',
      SERVER_PROTOCOL: 'HTTP/1.1',
    },
    stdio: ['pipe', 'pipe', 'inherit'],
  });
  req.pipe(child.stdin);
  // CGI output: header lines, a blank line, then the body.
  let head = Buffer.alloc(0);
  let headersDone = false;
  child.stdout.on('data', (chunk: Buffer) => {
    if (headersDone) {
      res.write(chunk);
      return;
    }
    head = Buffer.concat([head, chunk]);
    const end = head.indexOf('\r\n\r\n');
    const altEnd = head.indexOf('\n\n');
    const cut = end >= 0 ? end : altEnd;
    if (cut < 0) return;
    const sepLength = end >= 0 ? 4 : 2;
    let status = 200;
    const headers: Record<string, string> = {};
    for (const line of head
      .subarray(0, cut)
      .toString('latin1')
      .split(/\r?\n/)) {
      const colon = line.indexOf(':');
      if (colon < 0) continue;
      const name = line.slice(0, colon).trim();
      const value = line.slice(colon + 1).trim();
      if (name.toLowerCase() === 'status') status = Number.parseInt(value, 10);
      else headers[name] = value;
    }
    res.writeHead(status, headers);
    headersDone = true;
    res.write(head.subarray(cut + sepLength));
  });
  child.on('close', () => {
    if (!headersDone) res.writeHead(502).end();
    else res.end();
  });
  child.on('error', error => {
    if (!res.headersSent) res.writeHead(500).end(String(error));
  });
}

const server = createServer(serve);
server.listen(Number(portText), '127.0.0.1', () => {
  process.stderr.write(
    `git server: serving ${root} on http://127.0.0.1:${portText}\n`,
  );
});
for (const signal of ['SIGTERM', 'SIGINT'] as const) {
  process.on(signal, () => server.close(() => process.exit(0)));
}
