// A tiny static file server for the built page (dist/), with no dependencies.
//
//   node scripts/serve-static.mjs [--dir dist] [--host 127.0.0.1] [--port 8080] [--port-file FILE]
//
// --port 0 picks a free port; --port-file writes the chosen port to FILE once
// the server listens (scripts/test.sh uses that). Serves GET and HEAD only,
// with correct MIME types (application/wasm for .wasm, which streaming
// WebAssembly compilation requires), index.html for directories, and never a
// file outside --dir.
import http from 'node:http';
import fs from 'node:fs';
import path from 'node:path';

const MIME = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.wasm': 'application/wasm',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.webp': 'image/webp',
  '.ico': 'image/x-icon',
  '.txt': 'text/plain; charset=utf-8',
  '.woff2': 'font/woff2',
};

function parseArgs(argv) {
  const opts = { dir: 'dist', host: '127.0.0.1', port: 8080, portFile: null };
  for (let i = 0; i < argv.length; i += 1) {
    const value = argv[i + 1];
    switch (argv[i]) {
      case '--dir': opts.dir = value; i += 1; break;
      case '--host': opts.host = value; i += 1; break;
      case '--port': opts.port = Number(value); i += 1; break;
      case '--port-file': opts.portFile = value; i += 1; break;
      default:
        console.error(`serve-static: unknown argument ${argv[i]}`);
        process.exit(2);
    }
  }
  if (!Number.isInteger(opts.port) || opts.port < 0 || opts.port > 65535) {
    console.error('serve-static: --port must be an integer from 0 to 65535');
    process.exit(2);
  }
  return opts;
}

const opts = parseArgs(process.argv.slice(2));
const root = path.resolve(opts.dir);
if (!fs.existsSync(path.join(root, 'index.html'))) {
  console.error(`serve-static: ${root}/index.html not found (run \`npm run build\` first)`);
  process.exit(1);
}

function send(res, status, body, type = 'text/plain; charset=utf-8') {
  res.writeHead(status, { 'Content-Type': type, 'Content-Length': Buffer.byteLength(body) });
  res.end(body);
}

const server = http.createServer((req, res) => {
  if (req.method !== 'GET' && req.method !== 'HEAD') {
    res.setHeader('Allow', 'GET, HEAD');
    send(res, 405, 'method not allowed\n');
    return;
  }
  let pathname;
  try {
    pathname = decodeURIComponent(new URL(req.url, 'http://localhost').pathname);
  } catch {
    send(res, 400, 'bad request\n');
    return;
  }
  let file = path.resolve(root, `.${pathname}`);
  if (file !== root && !file.startsWith(root + path.sep)) {
    send(res, 403, 'forbidden\n');
    return;
  }
  fs.stat(file, (err, stat) => {
    if (!err && stat.isDirectory()) {
      file = path.join(file, 'index.html');
    }
    fs.stat(file, (err2, stat2) => {
      if (err2 || !stat2.isFile()) {
        send(res, 404, 'not found\n');
        return;
      }
      res.writeHead(200, {
        'Content-Type': MIME[path.extname(file).toLowerCase()] ?? 'application/octet-stream',
        'Content-Length': stat2.size,
        'Cache-Control': 'no-cache',
        'X-Content-Type-Options': 'nosniff',
      });
      if (req.method === 'HEAD') {
        res.end();
        return;
      }
      fs.createReadStream(file).pipe(res);
    });
  });
});

server.listen(opts.port, opts.host, () => {
  const { port } = server.address();
  if (opts.portFile) fs.writeFileSync(opts.portFile, `${port}\n`);
  console.log(`serve-static: serving ${root} at http://${opts.host}:${port}/`);
});

for (const signal of ['SIGINT', 'SIGTERM']) {
  process.on(signal, () => process.exit(0));
}
