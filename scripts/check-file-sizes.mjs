#!/usr/bin/env node
// scripts/check-file-sizes.mjs: fails when a tracked source file is over 400
// lines. Counts `git ls-files` with a source extension; tests (tests/, and
// *.test.*) and generated files are not counted. A file may stay over the
// limit only with an entry in ALLOWED below, which says why.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';

const LIMIT = Number(process.env.SIZE_LIMIT) || 400;   // SIZE_LIMIT: to see the check fail
const SOURCE = /\.(ts|mjs|js|cpp|h|css|html|py|sh)$/;
const EXCLUDED = [
  /^tests\//, /\.test\.[a-z]+$/,                // tests
  /(^|\/)generated\//, /^web\/dist\//, /^build\//, /(^|\/)node_modules\//,   // generated
  /^bench\/results\//,                          // recorded figures, not source
];

/** path -> why it may be longer than LIMIT lines, e.g. 'engine/x.cpp': 'engine: being split by the engine work'. */
const ALLOWED = {};

const root = new URL('../', import.meta.url);
const files = execFileSync('git', ['ls-files'], { cwd: root, encoding: 'utf8' }).split('\n')
  .filter((f) => SOURCE.test(f) && !EXCLUDED.some((re) => re.test(f)));
const over = [];
for (const f of files) {
  let text;
  try {
    text = fs.readFileSync(new URL(f, root), 'utf8');
  } catch {
    continue;                                   // deleted in the work tree, not yet committed
  }
  const lines = text.split('\n').length - (text.endsWith('\n') ? 1 : 0);
  if (lines > LIMIT && !(f in ALLOWED)) over.push(`${f}: ${lines} lines`);
}
const stale = Object.keys(ALLOWED).filter((f) => !files.includes(f));
if (stale.length) console.log(`check-file-sizes: allow-list entries for files that are gone: ${stale.join(', ')}`);
if (over.length) {
  console.error(`Source files over ${LIMIT} lines (split them, or add an entry with a reason to ALLOWED in scripts/check-file-sizes.mjs):\n  ${over.join('\n  ')}`);
  process.exit(1);
}
console.log(`check-file-sizes: ${files.length} source files, none over ${LIMIT} lines (${Object.keys(ALLOWED).length} allowed with a reason)`);
