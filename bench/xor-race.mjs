// bench/xor-race.mjs: the XOR lab's optimizer race (issue 15) in the page's
// Worker in headless Chromium: seconds from pressing the race button until
// the finishing order is on the page, for the engine's `race` view: every
// optimizer (ten) trains the post's network (hidden 4, float64) for 60,000
// steps from the same weights. Target: under 2 s. The page's own figure
// (its status line: request to reply) and the wall time seen by the test
// are both printed. Alone:
//   node bench/xor-race.mjs [reps]
import { open } from '../tests/page/helpers.mjs';
import { launchBrowser, servePage, defaultTree } from './page-xor.mjs';
import { median } from './machine.mjs';

export const RACE_TARGET_S = 2;

async function race(env) {
  const { page } = await open(env, '#lab=xor');
  await page.waitForFunction(() => !document.getElementById('sweep-run').disabled);
  const t0 = Date.now();
  await page.click('#race-run');
  await page.waitForFunction(() => document.body.dataset.race === 'done', null, { timeout: 120_000 });
  const wall = (Date.now() - t0) / 1000;
  const status = await page.textContent('#race-status');
  const inPage = Number(/raced in ([\d.]+) s/.exec(status)[1]);
  const order = await page.$$eval('#race-order li', (lis) => lis.map((li) => li.textContent));
  await page.close();
  return { wall, inPage, order };
}

export async function benchXorRace({ reps = 5, log = console.log, dist = defaultTree.dist } = {}) {
  const browser = await launchBrowser();
  const env = await servePage(browser.ctx, dist);
  const wall = [], inPage = [];
  let order = [];
  try {
    await race(env);   // warm the browser's caches
    for (let i = 0; i < reps; ++i) {
      const r = await race(env);
      wall.push(r.wall);
      inPage.push(r.inPage);
      order = r.order;
      log(`  rep ${i + 1}/${reps}: ${r.inPage.toFixed(2)} s in the page (${r.wall.toFixed(2)} s wall)`);
    }
  } finally {
    await env.close();
    await browser.close();
  }
  return { seconds_median: median(inPage), seconds_max: Math.max(...inPage), wall_median: median(wall), order };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const r = await benchXorRace({ reps: Number(process.argv[2] ?? 5) });
  console.log(`xor race, ten optimizers x 60,000 steps: median ${r.seconds_median.toFixed(2)} s, max ${r.seconds_max.toFixed(2)} s ` +
    `in the Worker (target ${RACE_TARGET_S} s); wall median ${r.wall_median.toFixed(2)} s`);
  for (const line of r.order) console.log(`  ${line}`);
}
