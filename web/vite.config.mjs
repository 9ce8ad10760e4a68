// web/vite.config.mjs: bundles the page into web/dist/, relative paths so it
// can be served from any sub-path; the worker is an ES module worker (the
// engine is an ES6 Emscripten module). Then the data (gzip-compressed) and
// the service worker for offline use: ./vite-offline.mjs.
import { fileURLToPath } from 'node:url';
import { offline } from './vite-offline.mjs';

const root = fileURLToPath(new URL('.', import.meta.url));

export default {
  root,
  base: './',
  publicDir: false,
  plugins: [offline()],
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
