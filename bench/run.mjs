// bench/run.mjs: `npm run bench`. Prints the figures and writes them to
// bench/results/<name>.json. BENCH_REPS sets the repetitions (default 5).
import { mkdirSync, writeFileSync } from 'node:fs';
import { machine } from './machine.mjs';
import { benchPageXor } from './page-xor.mjs';
import { formatAutoencoder } from './autoencoder.mjs';
import { formatGan } from './gan.mjs';
import { formatLstm } from './lstm.mjs';
import { formatCnn } from './cnn.mjs';
import { benchTfjs, formatTable, formatTargets, judgeTargets } from './tfjs.mjs';
import { benchXorSweep } from './xor-sweep.mjs';
import { benchXorRace, RACE_TARGET_S } from './xor-race.mjs';
import { benchUniversality, formatUniversality } from './universality.mjs';

const reps = Number(process.env.BENCH_REPS ?? 5);
const info = machine();
console.log(`machine: ${info.cpu}, ${info.cores} cores, ${info.memory_gib} GiB; node ${info.node}; ${info.emcc}`);
const results = { machine: info };

console.log('\nXOR alpha sweep (the numpy post, f64), seconds per sweep, median of repetitions');
const xor = await benchXorSweep({ reps, numpyReps: Math.min(reps, 3) });
results.xor_sweep = xor;
const m = xor.median_seconds;
console.log('  impl     median s   vs numpy');
console.log(`  native   ${m.native.toFixed(3).padStart(8)}   ${xor.speedup_vs_numpy.native.toFixed(1)}x faster`);
console.log(`  wasm     ${m.wasm.toFixed(3).padStart(8)}   ${xor.speedup_vs_numpy.wasm.toFixed(1)}x faster`);
console.log(`  numpy    ${m.numpy.toFixed(3).padStart(8)}   (numpy ${xor.numpy_version})`);

console.log('\nXOR lab in the page (Chromium, Worker) vs the native runner, 600,000 iterations, f64');
const page = await benchPageXor({ reps: Math.min(reps, 3) });
results.page_xor = page;
console.log('  hidden   worker it/s   native it/s   native/worker   longest main-thread task');
for (const [k, v] of Object.entries(page))
  console.log(`  ${k.slice(7).padEnd(6)}   ${v.worker_its_per_s.toFixed(0).padStart(11)}   ${v.native_its_per_s.toFixed(0).padStart(11)}   ${v.native_over_worker.toFixed(2).padStart(13)}   ${v.longest_main_thread_task_ms.toFixed(0)} ms`);

console.log(`\nXOR optimizer race (issue 15): ten optimizers x 60,000 steps, hidden 4, f64, in the Worker (target ${RACE_TARGET_S} s)`);
const race = await benchXorRace({ reps: Math.min(reps, 3), log: (line) => console.log(line) });
results.xor_race = race;
console.log(`  median ${race.seconds_median.toFixed(2)} s, max ${race.seconds_max.toFixed(2)} s: ${race.seconds_max < RACE_TARGET_S ? 'met' : 'NOT met'}`);
for (const line of race.order) console.log(`  ${line}`);

console.log('\nMNIST MLP epoch, 256^3 matmul, the autoencoder, GAN, LSTM and CNN labs: our engine vs TensorFlow.js 4.22 (Chromium Workers)');
const tfjs = await benchTfjs({ reps });
results.tfjs = tfjs;
console.log(formatTable(tfjs.summary));
results.tfjs.targets = judgeTargets(tfjs.summary);
console.log(formatTargets(results.tfjs.targets));
console.log('\nAutoencoder lab (Lab 5): ms per epoch, validation included (same Chromium run)');
console.log(formatAutoencoder(tfjs.autoencoder_summary));
console.log('\nGAN lab (Lab 6): training steps per second, batch 128 (same Chromium run)');
console.log(formatGan(tfjs.gan_summary));
console.log('\nLSTM lab (issue 12): ms per epoch, batch 1, versions 2 and 1 (same Chromium run)');
console.log(formatLstm(tfjs.lstm_summary));
console.log('\nCNN lab (issue 14): training samples per second of the lecture CNN, batch 128 (same Chromium run)');
console.log(formatCnn(tfjs.cnn_summary));

console.log('\nUniversality lab (issue 15): seconds from Train to a mean absolute error under 0.02, 20 hidden units (Chromium Worker)');
results.universality = await benchUniversality({ reps: Math.min(reps, 3) });
console.log(formatUniversality(results.universality));

mkdirSync(new URL('./results/', import.meta.url), { recursive: true });
writeFileSync(new URL('./results/xor.json', import.meta.url), JSON.stringify(results, null, 1) + '\n');
console.log('\nwrote bench/results/xor.json');
