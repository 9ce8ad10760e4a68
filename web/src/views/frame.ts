// web/src/views/frame.ts: draws at most once per animation frame. `draw`
// returns true while it has more to draw (then another frame is queued).
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
