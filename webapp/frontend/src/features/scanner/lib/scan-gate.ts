/**
 * Decides which camera reads become a scan. A code held in front of the camera is read about ten times a
 * second; it must count once for as long as it stays in view, and again only after it has left the frame.
 * A timer alone (a repeat window counted from the first read) gets this wrong both ways: a code still in
 * view when the window ends opens its dialog a second time, and a code scanned, taken away and shown again
 * within the window is ignored.
 *
 * So the gate remembers the code it saw last and when it last saw it, and lets that code through again
 * only when it has not been seen for `goneMs` (single frames that fail to decode, from blur or glare, do not
 * count as leaving). Reads while the page is paused (a dialog is open, a look-up is running) keep the code
 * marked as in view but never pass: closing the dialog with the code still in front of the camera does
 * not open it again. Starting the camera again forgets the code (`reset`): pressing Start is the user asking
 * for a fresh scan, for instance after a look-up failed while the code was held in view.
 */
export class ScanGate {
  private code: string | null = null;
  private lastSeen = 0;

  constructor(private readonly goneMs = 1000) {}

  /** True when this read is a new scan the page should act on. */
  read(code: string, now: number, paused: boolean): boolean {
    const stillInView = this.code === code && now - this.lastSeen < this.goneMs;
    this.code = code;
    this.lastSeen = now;
    return !stillInView && !paused;
  }

  /** Forgets the code in view: its next read is a new scan. */
  reset(): void {
    this.code = null;
    this.lastSeen = 0;
  }
}
