// tests/page/security.test.mjs: the built page under its Content-Security-Policy
// (no unsafe-eval, only wasm-unsafe-eval, no inline scripts). The policy is in
// the page and on every response (the worker's too, whose engine glue must
// then create no functions from strings); eval is refused in the page and in
// the worker; every lab loads and configures on both engine builds with no
// CSP violation (a violation is a console error, which fails the test).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launch, open, assertNoErrors } from './helpers.mjs';

let env;
before(async () => { env = await launch(); });
after(async () => { await env?.close(); });

test('the page and its worker carry the policy, and eval is refused in both', async () => {
  const headers = [];
  const page0 = await env.ctx.newPage();
  page0.on('response', (r) => headers.push({ url: r.url(), csp: r.headers()['content-security-policy'], nosniff: r.headers()['x-content-type-options'] }));
  await page0.goto(`${env.server.url}index.html#lab=xor`);
  await page0.waitForFunction(() => document.body.dataset.status === 'ready', null, { timeout: 20_000 });
  const worker = headers.find((h) => /\/assets\/worker-[^/]*\.js$/.test(h.url));
  assert.ok(worker, `the worker script was fetched: ${headers.map((h) => h.url).join(' ')}`);
  for (const h of headers.filter((x) => x.url.startsWith(env.server.url))) {
    assert.match(h.csp ?? '', /script-src 'self' 'wasm-unsafe-eval';/, h.url);
    assert.equal(h.nosniff, 'nosniff', h.url);
  }
  const meta = await page0.getAttribute('meta[http-equiv="Content-Security-Policy"]', 'content');
  assert.doesNotMatch(meta, /'unsafe-eval'|'unsafe-inline'/);
  // DevTools' own evaluation is exempt from CSP, so each probe asks the page to run a string later
  const probe = () => new Promise((resolve) => {
    self.__ran = false;
    setTimeout('self.__ran = true');   // a string: blocked without 'unsafe-eval'
    setTimeout(() => resolve(self.__ran), 50);
  });
  assert.equal(await page0.evaluate(probe), false, 'a string ran as code in the page');
  assert.equal(await page0.evaluate(() => new Promise((resolve) => {
    const s = document.createElement('script');
    s.textContent = 'window.__inline = true';
    document.head.append(s);
    setTimeout(() => resolve(window.__inline === true), 50);
  })), false, 'an inline script ran');
  const [w] = page0.workers();
  assert.equal(await w.evaluate(probe), false, 'a string ran as code in the worker');
  await page0.close();
});

for (const build of ['reference', 'relaxed']) {
  test(`every lab loads and configures under the policy (${build} engine)`, async () => {
    const start = await env.ctx.newPage();
    await start.goto(`${env.server.url}index.html`);
    await start.waitForFunction(() => document.querySelectorAll('#lab-cards .lab-card').length >= 2);
    const labs = await start.$$eval('#lab-cards a', (els) => els.map((e) => e.getAttribute('href').slice(1)));
    await start.close();
    for (const lab of labs) {
      const hash = build === 'relaxed' ? `#${lab}&engine=relaxed` : `#${lab}`;
      const { page, errors } = await open(env, hash);
      assert.equal(await page.evaluate(() => document.body.dataset.status), 'ready', lab);
      assertNoErrors(errors);
      await page.close();
    }
  });
}
