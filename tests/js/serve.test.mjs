// scripts/serve.mjs against an attacker's requests: a NUL, encoded `..`,
// backslashes and a symlink out of the root are refused and the server stays
// up; every response carries the page's Content-Security-Policy (no
// unsafe-eval, only wasm-unsafe-eval, no inline scripts) and nosniff.
// Caching: Vite's hashed assets are immutable, everything else carries
// validators and an unchanged file is answered 304 with no body.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { startServer, pagePolicy } from '../../scripts/serve.mjs';
import { root } from './helpers.mjs';

const policy = pagePolicy(path.join(root, 'web/index.html'));
const outside = fs.mkdtempSync(path.join(os.tmpdir(), 'serve-'));
const site = path.join(outside, 'site');
let server;

before(async () => {
  fs.mkdirSync(path.join(site, 'sub'), { recursive: true });
  fs.copyFileSync(path.join(root, 'web/index.html'), path.join(site, 'index.html'));
  fs.writeFileSync(path.join(site, 'sub', 'a.js'), 'export const a = 1;\n');
  fs.mkdirSync(path.join(site, 'assets'));
  fs.writeFileSync(path.join(site, 'assets', 'engine-DjbR_-Jq.wasm'), 'hashed\n');
  fs.writeFileSync(path.join(site, 'assets', 'notes.txt'), 'not hashed\n');
  fs.writeFileSync(path.join(outside, 'secret.txt'), 'the secret\n');
  fs.symlinkSync(path.join(outside, 'secret.txt'), path.join(site, 'link.txt'));
  server = await startServer({ root: site, port: 0 });
});
after(async () => {
  await server.close();
  fs.rmSync(outside, { recursive: true, force: true });
});

/** A raw request line, so no client normalises the path before the server sees it. */
function rawGet(target, headers = {}) {
  return new Promise((resolve, reject) => {
    const sock = net.connect(server.port, '127.0.0.1', () => {
      const extra = Object.entries(headers).map(([k, v]) => `${k}: ${v}\r\n`).join('');
      sock.write(`GET ${target} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n${extra}\r\n`);
    });
    let data = '';
    sock.setEncoding('latin1');
    sock.on('data', (d) => { data += d; });
    sock.on('end', () => {
      const [head, ...body] = data.split('\r\n\r\n');
      const [status, ...lines] = head.split('\r\n');
      const headers = Object.fromEntries(lines.map((l) => [l.slice(0, l.indexOf(':')).toLowerCase(), l.slice(l.indexOf(':') + 1).trim()]));
      resolve({ code: Number(status.split(' ')[1]), headers, body: body.join('\r\n\r\n') });
    });
    sock.on('error', reject);
  });
}

test('the page policy forbids eval and inline scripts but lets WebAssembly compile', () => {
  const directives = Object.fromEntries(policy.split(';').map((d) => d.trim().split(/\s+/)).map(([k, ...v]) => [k, v]));
  assert.deepEqual(directives['script-src'], ["'self'", "'wasm-unsafe-eval'"]);
  assert.ok(!policy.includes("'unsafe-eval'") && !policy.includes("'unsafe-inline'"), policy);
  assert.deepEqual(directives['object-src'], ["'none'"]);
});

test('every HTML entry declares the same policy as index.html', () => {
  for (const f of fs.readdirSync(path.join(root, 'web')).filter((n) => n.endsWith('.html'))) {
    assert.equal(pagePolicy(path.join(root, 'web', f)), policy, f);
    assert.doesNotMatch(fs.readFileSync(path.join(root, 'web', f), 'utf8'), /<script(?![^>]*\bsrc=)[^>]*>/, `${f}: an inline script`);
  }
});

test('a file is served with the policy, nosniff and framing refused', async () => {
  const r = await rawGet('/sub/a.js');
  assert.equal(r.code, 200);
  assert.equal(r.body, 'export const a = 1;\n');
  assert.equal(r.headers['content-security-policy'], `${policy}; frame-ancestors 'none'`);
  assert.equal(r.headers['x-content-type-options'], 'nosniff');
  assert.equal(r.headers['content-type'], 'text/javascript; charset=utf-8');
});

test('hashed assets are immutable; other files are revalidated, 304 while unchanged', async () => {
  const hashed = await rawGet('/assets/engine-DjbR_-Jq.wasm');
  assert.equal(hashed.code, 200);
  assert.equal(hashed.headers['cache-control'], 'public, max-age=31536000, immutable');
  assert.equal(hashed.headers['content-type'], 'application/wasm');
  for (const target of ['/index.html', '/sub/a.js', '/assets/notes.txt']) {
    const r = await rawGet(target);
    assert.equal(r.code, 200, target);
    assert.equal(r.headers['cache-control'], 'no-cache', target);
    assert.match(r.headers.etag, /^"[0-9a-z]+-[0-9a-z]+"$/, `${target}: a strong ETag`);
    assert.ok(Number.isFinite(Date.parse(r.headers['last-modified'])), target);
    for (const validator of [{ 'If-None-Match': r.headers.etag }, { 'If-None-Match': `"x", W/${r.headers.etag}` }, { 'If-Modified-Since': r.headers['last-modified'] }]) {
      const again = await rawGet(target, validator);
      assert.equal(again.code, 304, `${target} ${JSON.stringify(validator)}`);
      assert.equal(again.body, '', target);
      assert.equal(again.headers.etag, r.headers.etag, target);
      assert.equal(again.headers['x-content-type-options'], 'nosniff', target);
    }
    // a validator that does not match (If-None-Match wins over a matching date) gets the file
    const stale = await rawGet(target, { 'If-None-Match': '"stale"', 'If-Modified-Since': r.headers['last-modified'] });
    assert.equal(stale.code, 200, target);
    assert.equal(stale.body, r.body, target);
  }
  // a rewritten file (same size, same second) has another ETag: the next revalidation gets it
  const file = path.join(site, 'sub', 'a.js');
  const before = await rawGet('/sub/a.js');
  fs.writeFileSync(file, 'export const b = 2;\n');
  const t = fs.statSync(file).mtime;
  fs.utimesSync(file, t, new Date(t.getTime() + 1));
  const after = await rawGet('/sub/a.js', { 'If-None-Match': before.headers.etag });
  assert.equal(after.code, 200);
  assert.equal(after.body, 'export const b = 2;\n');
  assert.notEqual(after.headers.etag, before.headers.etag);
  fs.writeFileSync(file, 'export const a = 1;\n');
});

test('GET /%00 is refused and the server keeps serving', async () => {
  for (const target of ['/%00', '/index.html%00', '/sub/%00a.js']) {
    const r = await rawGet(target);
    assert.equal(r.code, 400, target);
    assert.equal(r.headers['x-content-type-options'], 'nosniff', target);
  }
  assert.equal((await rawGet('/')).code, 200);
});

test('encoded and plain `..`, backslashes and a symlink out of the root serve nothing', async () => {
  const attempts = ['/../secret.txt', '/%2e%2e/secret.txt', '/%2E%2E%2Fsecret.txt', '/sub/%2e%2e%2f%2e%2e%2fsecret.txt',
    '/..%2fsecret.txt', '/sub/..%5c..%5csecret.txt', '/%5c..%5csecret.txt', '/%252e%252e/secret.txt', '/link.txt',
    '/sub/../../secret.txt'];
  for (const target of attempts) {
    const r = await rawGet(target);
    assert.ok([400, 403, 404].includes(r.code), `${target}: ${r.code}`);
    assert.doesNotMatch(r.body, /the secret/, target);
    assert.ok(r.headers['content-security-policy'], target);
  }
  assert.equal((await rawGet('/index.html')).code, 200);
});

test('a bad escape, a directory and a POST are refused', async () => {
  assert.equal((await rawGet('/%E0%A4%A')).code, 400);
  assert.equal((await rawGet('/sub')).code, 404);
  const res = await fetch(`${server.url}index.html`, { method: 'POST' });
  assert.equal(res.status, 405);
  assert.equal(res.headers.get('x-content-type-options'), 'nosniff');
});

test('a root whose index.html declares no policy is refused at start', async () => {
  const bare = fs.mkdtempSync(path.join(os.tmpdir(), 'serve-bare-'));
  fs.writeFileSync(path.join(bare, 'index.html'), '<!doctype html><title>x</title>');
  await assert.rejects(startServer({ root: bare, port: 0 }), /declares no Content-Security-Policy/);
  fs.rmSync(bare, { recursive: true, force: true });
});
