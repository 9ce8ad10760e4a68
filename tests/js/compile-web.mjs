// tests/js/compile-web.mjs: the page's dependency-free TypeScript modules for Node tests
// (not a test file). Each is compiled with typescript's transpileModule (types erased, no
// type check: tsc --noEmit in scripts/build.sh does that) into a temporary directory that
// mirrors web/src, relative imports given the .mjs extension. That works for modules that
// import nothing but each other (and types, which are erased).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import ts from 'typescript';

export const webSrc = fileURLToPath(new URL('../../web/src/', import.meta.url));

/** Compiles `rels` (paths under web/src); returns {load(rel), remove()}. */
export function compileWeb(rels) {
  const out = fs.mkdtempSync(path.join(os.tmpdir(), 'web-src-'));
  for (const rel of rels) {
    const code = fs.readFileSync(path.join(webSrc, rel), 'utf8');
    const js = ts.transpileModule(code, { compilerOptions: { module: ts.ModuleKind.ESNext, target: ts.ScriptTarget.ES2022 } }).outputText
      .replace(/(from\s+'\.{1,2}\/[^']+)'/g, "$1.mjs'");
    const file = path.join(out, rel.replace(/\.ts$/, '.mjs'));
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, js);
  }
  return {
    load: (rel) => import(pathToFileURL(path.join(out, rel.replace(/\.ts$/, '.mjs'))).href),
    remove: () => fs.rmSync(out, { recursive: true, force: true }),
  };
}
