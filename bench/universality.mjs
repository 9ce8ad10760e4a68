// bench/universality.mjs: the universality lab (the book's chapter 4) in the
// page's Worker in headless Chromium: seconds from pressing Train until the
// page shows a mean absolute error under 0.02 (the engine's `fit` view, sent
// with each metrics message, about 10 a second: the figure includes up to
// ~0.1 s of that cadence), 20 hidden units, for the built-in curves and one
// drawn with the mouse (100 points). Target: under 3 s. Alone:
//   node bench/universality.mjs [reps]
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { open } from '../tests/page/helpers.mjs';
import { drawWave } from '../tests/page/universality-pad.mjs';
import { launchBrowser, servePage, defaultTree } from './page-xor.mjs';
import { median } from './machine.mjs';

export const UNIVERSALITY_TARGET_S = 3;
const CURVES = ['hills', 'wave', 'step', 'drawn'];

/** One run: {seconds to MAE < 0.02 shown, step then} (seconds Infinity if never within the run). */
async function timeToFit(env, curve) {
  const { page } = await open(env, `#lab=universality${curve === 'drawn' ? '' : `&curve=${curve}`}`);
  if (curve === 'drawn') await drawWave(page);
  await page.waitForFunction(() => document.getElementById('uv-mae').dataset.mae !== undefined);
  await page.evaluate(() => {
    window.__fit = new Promise((resolve) => {
      const box = document.getElementById('uv-mae');
      const t0 = performance.now();
      new MutationObserver(() => {
        if (Number(box.dataset.mae) < 0.02) resolve({ seconds: (performance.now() - t0) / 1000, step: Number(document.getElementById('step').dataset.step) });
        else if (['done', 'diverged'].includes(document.body.dataset.status)) resolve({ seconds: Infinity, step: NaN });
      }).observe(document.body, { subtree: true, attributes: true, characterData: true, childList: true });
      document.getElementById('train').click();
    });
  });
  const r = await page.evaluate(() => window.__fit);
  await page.close();
  return r;
}

export async function benchUniversality({ reps = 3, log = console.log, dist = defaultTree.dist } = {}) {
  const browser = await launchBrowser();
  const env = await servePage(browser.ctx, dist);
  const out = {};
  try {
    await timeToFit(env, 'wave');   // warm the browser's caches
    for (const curve of CURVES) {
      const s = [], steps = [];
      for (let i = 0; i < reps; ++i) {
        const r = await timeToFit(env, curve);
        s.push(r.seconds);
        steps.push(r.step);
        log(`  ${curve} rep ${i + 1}/${reps}: ${r.seconds.toFixed(2)} s (step ${r.step}) to a mean absolute error under 0.02`);
      }
      out[curve] = { seconds_median: median(s), seconds_max: Math.max(...s), samples: s, steps };
    }
  } finally {
    await env.close();
    await browser.close();
  }
  return out;
}

export function formatUniversality(summary) {
  const lines = ['  curve    median s   worst s   steps     target'];
  for (const [curve, v] of Object.entries(summary))
    lines.push(`  ${curve.padEnd(7)} ${v.seconds_median.toFixed(2).padStart(9)} ${v.seconds_max.toFixed(2).padStart(9)}   ${String(v.steps[0]).padStart(6)}    ` +
      `${v.seconds_max < UNIVERSALITY_TARGET_S ? 'met' : 'NOT met'} (< ${UNIVERSALITY_TARGET_S} s)`);
  lines.push('  seconds from Train until the page shows MAE < 0.02 (20 hidden sigmoids, Adam 0.1, full batch, f64);');
  lines.push('  includes the ~0.1 s cadence of the metrics messages that carry the fit view.');
  return lines.join('\n');
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const reps = Number(process.argv[2] ?? process.env.BENCH_REPS ?? 3);
  console.log('Universality lab in the page: time to a mean absolute error under 0.02');
  console.log(formatUniversality(await benchUniversality({ reps })));
}
