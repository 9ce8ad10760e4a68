// tests/page/transfer.test.mjs: a first visit is light (issue 16, "Offline and
// light"). Every byte between the browser and scripts/serve.mjs goes through a
// counting TCP proxy here, so what is measured is what really crossed the
// network: headers, bodies, and every request of the page, its worker and the
// service worker's install. A first visit to the MNIST lab, up to the service
// worker being active (the app, both engine builds and the data cached), must
// cost about one copy of what it keeps: under BOUND x the sum of the files
// the service worker caches (the pages, the code, both engine builds: its
// SW_BUILD list) and MNIST's two .gz files. The service worker's install takes
// the hashed assets the page already loaded from the HTTP cache (immutable)
// and revalidates index.html (304) instead of downloading them again; before
// that fix the visit took 1.126 x.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { launch, open, assertNoErrors, dist } from './helpers.mjs';

const BOUND = 1.05;

/** A TCP proxy to `port` counting the bytes each way and the request lines: {url, down(), requests, close()}. */
function countingProxy(port) {
  let down = 0;
  const requests = [];
  const sockets = new Set();
  const server = net.createServer((client) => {
    const upstream = net.connect(port, '127.0.0.1');
    sockets.add(client).add(upstream);
    client.on('data', (d) => {
      for (const m of d.toString('latin1').matchAll(/^(GET|HEAD) (\S+) HTTP\/1\.1\r\n((?:.+\r\n)*)/gm)) {
        requests.push({ path: m[2], conditional: /^if-(none-match|modified-since):/im.test(m[3]) });
      }
      upstream.write(d);
    });
    upstream.on('data', (d) => { down += d.length; client.write(d); });
    const end = () => { client.destroy(); upstream.destroy(); sockets.delete(client); sockets.delete(upstream); };
    client.on('close', end).on('error', end);
    upstream.on('close', end).on('error', end);
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve({
    url: `http://127.0.0.1:${server.address().port}/`,
    down: () => down,
    requests,
    close: () => new Promise((r) => { for (const s of sockets) s.destroy(); server.close(() => r()); }),
  })));
}

/** What a first visit to the MNIST lab should bring: the service worker's files, itself, and MNIST compressed. */
function visitFiles() {
  const sw = fs.readFileSync(path.join(dist, 'sw.js'), 'utf8');
  const app = JSON.parse(/^const SW_BUILD = (\{.*\});$/m.exec(sw)[1]).files;
  return [...app, 'sw.js', 'data/mnist-train.bin.gz', 'data/mnist-test.bin.gz'].map((f) => ({ file: f, size: fs.statSync(path.join(dist, f)).size }));
}

let env, proxy;
before(async () => {
  env = await launch({ serviceWorkers: 'allow' });
  proxy = await countingProxy(env.server.port);
});
after(async () => { await proxy?.close(); await env?.close(); });

test('a first visit to the MNIST lab downloads the app, the engines and the data once', async () => {
  const files = visitFiles();
  const site = files.reduce((n, f) => n + f.size, 0);
  const { page, errors } = await open({ ...env, server: { url: proxy.url } }, '#lab=mnist-mlp');
  await page.evaluate(() => navigator.serviceWorker.ready);
  await page.waitForTimeout(500);   // the install's last responses
  const down = proxy.down();
  const table = proxy.requests.map((r) => `${r.path}${r.conditional ? ' (conditional)' : ''}`).join('\n');
  console.log(`# first visit: ${down} bytes received for ${files.length} files of ${site} bytes (${(down / site).toFixed(3)} x)\n${table.replace(/^/gm, '#   ')}`);
  assert.ok(down < BOUND * site, `the first visit took ${down} bytes, over ${BOUND} x the files' ${site}:\n${table}`);
  const full = proxy.requests.filter((r) => !r.conditional).map((r) => r.path.replace(/[?#].*/, ''));
  const twice = full.filter((p, i) => full.indexOf(p) !== i);
  assert.deepEqual(twice, [], 'no file is downloaded twice without a validator');
  assertNoErrors(errors);
  await page.close();
});
