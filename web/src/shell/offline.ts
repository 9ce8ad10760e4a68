// web/src/shell/offline.ts: registers the service worker (web/src/sw.ts, built
// as dist/sw.js by web/vite.config.mjs) that keeps the app and both engine
// builds for offline use. Only in a built page served from a secure context
// (https or localhost; elsewhere the browser has no service workers and the
// page simply loads from the network). A new version installs in the
// background and takes over on the next visit, never during this one.
export function registerServiceWorker(): void {
  if (!('serviceWorker' in navigator)) return;
  navigator.serviceWorker.register(new URL('sw.js', location.href), { scope: './' }).catch((e: Error) => {
    // no offline copy this time (a private window, storage turned off): the page itself is unaffected
    console.warn(`offline copy unavailable: ${e.message}`);
  });
}
