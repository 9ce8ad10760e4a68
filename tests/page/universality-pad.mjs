// tests/page/universality-pad.mjs: drawing on the universality lab's pad with
// the mouse, for its page test and its bench (not a test file).

/** The pad's screen position of curve point (x, y): the canvas is 640 x 240 inside, margins 34/8/8/20, y in [-0.1, 1.1]. */
export async function padMapper(page) {
  const box = await page.locator('#uv-pad').boundingBox();
  const k = box.width / 640;
  return (x, y) => [box.x + (34 + x * (640 - 42)) * k, box.y + (8 + (1 - (y + 0.1) / 1.2) * (240 - 28)) * k];
}

/** Draws a damped wave left to right, from beyond the pad's left edge to beyond its right one, and waits for the new run. */
export async function drawWave(page) {
  await page.locator('#uv-pad').scrollIntoViewIfNeeded();
  const at = await padMapper(page);
  const f = (x) => 0.5 + 0.3 * Math.sin(2 * Math.PI * x) * (1 - 0.4 * x);
  await page.mouse.move(...at(-0.03, f(0)));
  await page.mouse.down();
  for (let i = 0; i <= 80; i++) await page.mouse.move(...at(i / 80, f(i / 80)));
  await page.mouse.move(...at(1.03, f(1)));
  await page.mouse.up();
  await page.waitForFunction(() => location.hash.includes('curve=drawn') && document.body.dataset.status === 'ready');
}
