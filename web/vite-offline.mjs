// web/vite-offline.mjs: the build's last step (a Vite plugin, web/vite.config.mjs):
//  - data: every file in build/data (MNIST's two .bin files, the airline CSV),
//    gzip-compressed there once (datasets/compress.mjs), copied to dist/data/
//    as NAME.gz - the only form the page downloads (web/src/worker/data-files.ts);
//  - the service worker: web/src/sw.ts with its types stripped, as dist/sw.js,
//    preceded by SW_BUILD: every other file of dist (pages, code, both engine
//    builds) and a hash of their bytes and of the script, which names its cache,
//    so each build is a new version.
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { gzipFresh } from '../datasets/compress.mjs';

const repo = fileURLToPath(new URL('..', import.meta.url));
const dataDir = path.join(repo, 'build/data');
const swSource = path.join(repo, 'web/src/sw.ts');
const SW_FILE = 'sw.js';
const DATA_DIR = 'data';

/** Files under `dir`, relative with '/' separators, sorted. */
function listFiles(dir, rel = '') {
  return fs.readdirSync(path.join(dir, rel), { withFileTypes: true }).flatMap((e) => {
    const r = rel ? `${rel}/${e.name}` : e.name;
    return e.isDirectory() ? listFiles(dir, r) : [r];
  }).sort();
}

function copyData(outDir) {
  if (!fs.existsSync(dataDir)) throw new Error(`${dataDir} is missing: npm run build prepares the data (datasets/prepare-mnist.mjs)`);
  const sources = fs.readdirSync(dataDir).filter((f) => !f.endsWith('.gz') && !f.includes('.tmp-'));
  fs.mkdirSync(path.join(outDir, DATA_DIR), { recursive: true });
  for (const f of sources) {
    const gz = gzipFresh(path.join(dataDir, f));
    fs.copyFileSync(gz, path.join(outDir, DATA_DIR, `${f}.gz`));
  }
}

function writeServiceWorker(outDir) {
  const files = listFiles(outDir).filter((f) => f !== SW_FILE && !f.startsWith(`${DATA_DIR}/`));
  const code = ts.transpileModule(fs.readFileSync(swSource, 'utf8'), {
    compilerOptions: { module: ts.ModuleKind.ESNext, target: ts.ScriptTarget.ES2022, removeComments: true },
  }).outputText.replace(/^export \{\};\s*$/m, '');
  const hash = createHash('sha256');
  for (const f of files) hash.update(f).update('\0').update(fs.readFileSync(path.join(outDir, f))).update('\0');
  hash.update(code);
  const build = { version: hash.digest('hex').slice(0, 16), files };
  fs.writeFileSync(path.join(outDir, SW_FILE), `const SW_BUILD = ${JSON.stringify(build)};\n${code}`);
}

export function offline() {
  let outDir;
  return {
    name: 'synapse-offline',
    apply: 'build',
    configResolved(config) {
      outDir = path.resolve(config.root, config.build.outDir);
    },
    closeBundle() {
      copyData(outDir);
      writeServiceWorker(outDir);
    },
  };
}
