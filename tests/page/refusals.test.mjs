// tests/page/refusals.test.mjs: a link whose knobs are each valid but refused
// together. The page must not say "ready" over a run that does not exist: it
// falls back to the preset's defaults, says in the link message which values
// were refused and why, clears the error banner once the fallback run is
// configured, and Train then trains.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launch, open, shot, assertNoErrors } from './helpers.mjs';

let env;
before(async () => { env = await launch(); });
after(async () => { await env?.close(); });

const state = (page) => page.evaluate(() => ({
  status: document.body.dataset.status,
  text: document.getElementById('status').textContent,
  banner: document.getElementById('error-banner').hidden ? null : document.getElementById('error-banner').textContent,
  link: document.getElementById('link-message').hidden ? null : document.getElementById('link-message').textContent,
  batch: document.querySelector('#knobs [name="batch_size"], #knobs #knob-batch_size')?.value ?? null,
}));

test('batch_size=60000 with train_limit=100: refused together, defaults used, said so, Train trains', async () => {
  const { page, errors } = await open(env, '#lab=mnist-mlp&batch_size=60000&train_limit=100');
  await page.waitForFunction(() => document.getElementById('status').textContent.startsWith('ready: press Train'), null, { timeout: 60_000 });
  const s = await state(page);
  assert.match(s.link ?? '', /batch_size: 60000 is larger than the training set \(100 examples\)|larger than the training set/, JSON.stringify(s));
  assert.equal(s.banner, null, 'the error banner is cleared by the configured fallback');
  assert.doesNotMatch(await page.evaluate(() => location.hash), /batch_size=60000/, 'the share link holds what runs');
  await shot(page, 'refusals-1-link-fallback', { fullPage: false });
  await page.click('#train');
  await page.waitForFunction(() => Number(document.getElementById('step').dataset.step) > 0, null, { timeout: 60_000 });
  await page.click('#pause');
  assertNoErrors(errors.filter((e) => !/larger than the training set/.test(e)));
  await page.close();
});
