// web/vite.config.mjs: bundles the page into web/dist/, relative paths so it
// can be served from any sub-path; the worker is an ES module worker (the
// engine is an ES6 Emscripten module).
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('.', import.meta.url));

export default {
  root,
  base: './',
  publicDir: false,
  worker: { format: 'es' },
  server: { fs: { allow: [fileURLToPath(new URL('..', import.meta.url))] } },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    target: 'es2022',
    chunkSizeWarningLimit: 1024,
    // the one page (every lab), and mnist.html, the MNIST lab's old address (a redirect)
    rollupOptions: {
      input: {
        index: fileURLToPath(new URL('index.html', import.meta.url)),
        mnist: fileURLToPath(new URL('mnist.html', import.meta.url)),
      },
    },
  },
};
