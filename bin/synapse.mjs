#!/usr/bin/env node
// bin/synapse.mjs: the synapse command line on the WASM build, under Node.
// Same arguments and, for --format jsonl, the same bytes as build/native/synapse.
import { existsSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadEngine } from '../bindings/node.mjs';

const args = process.argv.slice(2);
const files = {};
for (const a of args) {
  if (a.endsWith('.json') || a.includes('/')) {
    try {
      if (existsSync(a) && statSync(a).isFile()) files[a] = readFileSync(a, 'utf8');
    } catch {
      // unreadable: the engine reports "cannot read file"
    }
  }
}
const engine = await loadEngine(undefined, {
  print: (line) => process.stdout.write(line + '\n'),
  printErr: (line) => process.stderr.write(line + '\n'),
});
// Runs read the data files the build prepared (build/data, or --data-dir): the airline series
// always (2 KB), MNIST's when the run names it (47 MB).
const dirFlag = args.indexOf('--data-dir');
const dataDir = dirFlag >= 0 && args[dirFlag + 1] ? args[dirFlag + 1] : new URL('../build/data/', import.meta.url).pathname;
const wantsMnist = args.some((a) => a.includes('mnist')) || Object.values(files).some((t) => t.includes('"mnist"'));
for (const name of ['airline-passengers.csv', ...(wantsMnist ? ['mnist-train.bin', 'mnist-test.bin'] : [])]) {
  const path = join(dataDir, name);
  if (existsSync(path)) engine.provideDataFile(name, readFileSync(path));
}
process.exitCode = engine.runCli(args, files);
// What the run wrote (--samples grids): the engine keeps the bytes, Node puts them on disk.
for (const path of JSON.parse(engine.M.cliWrittenPaths())) writeFileSync(path, engine.M.cliWrittenFile(path));
