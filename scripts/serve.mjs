#!/usr/bin/env node
// scripts/serve.mjs: a small static server for the built page (web/dist) on
// 127.0.0.1. `node scripts/serve.mjs` serves on $PORT or 5173 (the next free
// port if that one is busy). Tests import startServer({root, port: 0}) for
// any free port, and `prefix` serves the site under a sub-path ('/sub/path/').
// Every response carries the Content-Security-Policy that root/index.html
// declares in its <meta> (the one place the policy is written) plus
// frame-ancestors (which a <meta> cannot set), and nosniff. Only regular files
// whose real path lies inside root are served: a NUL, a backslash or a `..`
// segment (encoded or not) is refused with 400, a symlink out with 403.
// Caching (one download per file and build): Vite's hashed files under
// assets/ (a name-HASH.ext name changes whenever the bytes do) are immutable
// for a year; everything else (the pages, sw.js, the data) is revalidated on
// every use, with a strong ETag (size and modification time) and Last-Modified,
// a conditional request for an unchanged file answered 304 with no body.
import http from 'node:http';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const MIME = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.wasm': 'application/wasm',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.txt': 'text/plain; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
};

const defaultRoot = fileURLToPath(new URL('../web/dist/', import.meta.url));

/**
 * Starts the server. port 0 picks any free port; a busy non-zero port falls back to a free one
 * when `fallback` is true. Resolves to {port, url, close()}.
 */
export async function startServer({ root = defaultRoot, port = 0, prefix = '/', host = '127.0.0.1', fallback = true } = {}) {
  const base = fs.realpathSync(path.resolve(root));
  const pre = prefix.endsWith('/') ? prefix : `${prefix}/`;
  const headers = securityHeaders(pagePolicy(path.join(base, 'index.html')));
  const server = http.createServer((req, res) => {
    for (const [k, v] of Object.entries(headers)) res.setHeader(k, v);
    try {
      handle(req, res, base, pre);
    } catch {
      if (!res.headersSent) send(res, 500, 'internal error');
      else res.destroy();
    }
  });
  let bound;
  try {
    bound = await listen(server, port, host);
  } catch (e) {
    if (e.code !== 'EADDRINUSE' || !fallback) throw e;
    bound = await listen(server, 0, host);
  }
  return {
    port: bound,
    url: `http://${host}:${bound}${pre}`,
    close: () => new Promise((resolve) => { server.closeAllConnections?.(); server.close(() => resolve()); }),
  };
}

function listen(server, port, host) {
  return new Promise((resolve, reject) => {
    const onError = (e) => { server.off('listening', onListening); reject(e); };
    const onListening = () => { server.off('error', onError); resolve(server.address().port); };
    server.once('error', onError);
    server.once('listening', onListening);
    server.listen(port, host);
  });
}

/** The policy in `<meta http-equiv="Content-Security-Policy" content="…">` of the page at `file`. */
export function pagePolicy(file) {
  const html = fs.readFileSync(file, 'utf8');
  const m = /<meta\s+http-equiv="Content-Security-Policy"\s+content="([^"]+)"/i.exec(html);
  if (!m) throw new Error(`serve: ${file} declares no Content-Security-Policy <meta>`);
  return m[1];
}

/** The headers every response carries: the page's policy, framing refused, no MIME sniffing. */
export function securityHeaders(policy) {
  return {
    'Content-Security-Policy': `${policy}; frame-ancestors 'none'`,
    'X-Content-Type-Options': 'nosniff',
    'Referrer-Policy': 'no-referrer',
  };
}

/** Vite's content-hashed output: assets/NAME-HASH.EXT, HASH 8 characters of base64url. */
const HASHED = /^assets\/[^/]+-[A-Za-z0-9_-]{8}\.[A-Za-z0-9]+$/;

/** The Cache-Control for the file at `rel` (relative to the site's root, '/' separators). */
export function cacheControl(rel) {
  return HASHED.test(rel) ? 'public, max-age=31536000, immutable' : 'no-cache';
}

/** A strong validator from the file's size and modification time (nanoseconds): any rewrite changes it. */
function etagOf(st) {
  return `"${st.size.toString(36)}-${st.mtimeNs.toString(36)}"`;
}

/** Whether the request's validators match the file as it is (RFC 9110 §13.1.2: If-None-Match wins over If-Modified-Since). */
function notModified(req, etag, st) {
  const inm = req.headers['if-none-match'];
  if (inm !== undefined) return inm.trim() === '*' || inm.split(',').some((t) => t.trim().replace(/^W\//, '') === etag);
  const ims = Date.parse(req.headers['if-modified-since'] ?? '');
  return Number.isFinite(ims) && Math.floor(Number(st.mtimeMs) / 1000) * 1000 <= ims;
}

function handle(req, res, base, prefix) {
  if (req.method !== 'GET' && req.method !== 'HEAD') return send(res, 405, 'method not allowed');
  let pathname;
  try {
    pathname = decodeURIComponent(new URL(req.url, 'http://x').pathname);
  } catch {
    return send(res, 400, 'bad request');
  }
  // fs refuses a NUL by throwing; `..` and `\\` never name a file of the site
  if (pathname.includes('\0') || pathname.includes('\\') || pathname.split('/').includes('..')) {
    return send(res, 400, 'bad request');
  }
  if (prefix !== '/' && pathname === prefix.slice(0, -1)) {
    res.writeHead(301, { Location: prefix });
    return res.end();
  }
  if (!pathname.startsWith(prefix)) return send(res, 404, 'not found');
  let rel = pathname.slice(prefix.length);
  if (rel === '' || rel.endsWith('/')) rel += 'index.html';
  const file = path.resolve(base, rel);
  if (file !== base && !file.startsWith(base + path.sep)) return send(res, 403, 'forbidden');
  fs.realpath(file, (err, real) => {
    if (err) return send(res, 404, 'not found');
    if (!real.startsWith(base + path.sep)) return send(res, 403, 'forbidden');
    fs.stat(real, { bigint: true }, (err2, st) => {
      if (err2 || !st.isFile()) return send(res, 404, 'not found');
      serveFile(req, res, real, st, path.relative(base, real).split(path.sep).join('/'));
    });
  });
}

function serveFile(req, res, file, st, rel) {
  const etag = etagOf(st);
  const validators = { 'Cache-Control': cacheControl(rel), ETag: etag, 'Last-Modified': new Date(Number(st.mtimeMs)).toUTCString() };
  if (notModified(req, etag, st)) {
    res.writeHead(304, validators);
    return res.end();
  }
  res.writeHead(200, {
    'Content-Type': MIME[path.extname(file).toLowerCase()] ?? 'application/octet-stream',
    'Content-Length': String(st.size),
    ...validators,
  });
  if (req.method === 'HEAD') return res.end();
  fs.createReadStream(file).on('error', () => res.destroy()).pipe(res);
}

function send(res, code, text) {
  res.writeHead(code, { 'Content-Type': 'text/plain; charset=utf-8' });
  res.end(`${text}\n`);
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const port = process.env.PORT ? Number(process.env.PORT) : 5173;
  const root = process.env.ROOT ?? defaultRoot;
  if (!fs.existsSync(path.join(root, 'index.html'))) {
    console.error(`serve: ${root}index.html is missing; build the page first (bash scripts/build.sh)`);
    process.exit(1);
  }
  const { port: bound } = await startServer({ root, port });
  console.log(`Synapse Playground: http://127.0.0.1:${bound}/`);
}
