import { describe, expect, it } from 'vitest';
import { ScanGate } from './scan-gate';

/** Reads of one code every 100 ms (the scanner's 10 frames a second) from `from` to `to`, inclusive. */
function frames(gate: ScanGate, code: string, from: number, to: number, paused = false): number[] {
  const passed: number[] = [];
  for (let t = from; t <= to; t += 100) if (gate.read(code, t, paused)) passed.push(t);
  return passed;
}

describe('ScanGate', () => {
  it('counts a code once for as long as it stays in view, however long that is', () => {
    const gate = new ScanGate(1000);
    expect(frames(gate, 'SKU-1', 0, 10_000)).toEqual([0]);
  });

  it('counts the same code again once it has left the frame for the gone time', () => {
    const gate = new ScanGate(1000);
    expect(frames(gate, 'SKU-1', 0, 500)).toEqual([0]);
    // out of view from 500 to 1600: more than a second without a read
    expect(frames(gate, 'SKU-1', 1600, 2000)).toEqual([1600]);
  });

  it('does not count a short gap (a blurred frame) as leaving', () => {
    const gate = new ScanGate(1000);
    expect(frames(gate, 'SKU-1', 0, 500)).toEqual([0]);
    expect(frames(gate, 'SKU-1', 1200, 1500)).toEqual([]);
  });

  it('counts a different code at once', () => {
    const gate = new ScanGate(1000);
    expect(gate.read('SKU-1', 0, false)).toBe(true);
    expect(gate.read('SKU-2', 100, false)).toBe(true);
    expect(gate.read('SKU-1', 200, false)).toBe(true);
  });

  it('does not reopen the dialog for a code still in view when the page stops pausing', () => {
    const gate = new ScanGate(1000);
    expect(gate.read('SKU-1', 0, false)).toBe(true);
    // the dialog is open for 8 s with the code still in front of the camera
    expect(frames(gate, 'SKU-1', 100, 8000, true)).toEqual([]);
    expect(frames(gate, 'SKU-1', 8100, 9000)).toEqual([]);
  });

  it('never lets a read through while paused, and a code first read while paused needs to leave and come back', () => {
    const gate = new ScanGate(1000);
    expect(frames(gate, 'SKU-3', 0, 300, true)).toEqual([]);
    expect(frames(gate, 'SKU-3', 400, 600)).toEqual([]);
    expect(frames(gate, 'SKU-3', 1700, 1800)).toEqual([1700]);
  });

  it('counts a code held in view again after a reset (the camera started again)', () => {
    const gate = new ScanGate(1000);
    expect(frames(gate, 'SKU-1', 0, 500, true)).toEqual([]);
    expect(frames(gate, 'SKU-1', 600, 900)).toEqual([]);
    gate.reset();
    expect(frames(gate, 'SKU-1', 1000, 1500)).toEqual([1000]);
  });
});
