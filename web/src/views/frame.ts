// web/src/views/frame.ts: draws at most once per animation frame. `draw`
// returns true while it has more to draw (then another frame is queued).
/** Runs `fn` in a task after the next frame has been painted (work that need not be in that frame). */
export function afterPaint(fn: () => void): void {
  requestAnimationFrame(() => setTimeout(fn, 0));
}

export class FrameQueue {
  private queued = false;

  constructor(private draw: () => boolean) {}

  queue(): void {
    if (this.queued) return;
    this.queued = true;
    requestAnimationFrame(() => {
      this.queued = false;
      if (this.draw()) this.queue();
    });
  }
}
