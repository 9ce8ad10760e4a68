// web/src/shell/offline.ts: registers the service worker (web/src/sw.ts, built
// as dist/sw.js by web/vite.config.mjs) that keeps the app and both engine
// builds for offline use. Only in a built page served from a secure context
// (https or localhost; elsewhere the browser has no service workers and the
// page simply loads from the network). A new version installs in the
// background and takes over on the next visit, never during this one.
//
// Registered once the page is first ready (body[data-status] = ready or failed), not at load:
// the install fetches the app and both engines through the browser process, and at load that
// competed with the lab's first layout, whose font lookups are synchronous calls to the same
// process (issue 11's load-time task).
export function registerServiceWorker(): void {
  if (!('serviceWorker' in navigator)) return;
  const settled = () => ['ready', 'failed'].includes(document.body.dataset.status ?? '');
  if (settled()) return register();
  const watch = new MutationObserver(() => {
    if (!settled()) return;
    watch.disconnect();
    setTimeout(register, 1000);
  });
  watch.observe(document.body, { attributes: true, attributeFilter: ['data-status'] });
}

function register(): void {
  navigator.serviceWorker.register(new URL('sw.js', location.href), { scope: './' }).catch((e: Error) => {
    // no offline copy this time (a private window, storage turned off): the page itself is unaffected
    console.warn(`offline copy unavailable: ${e.message}`);
  });
}
