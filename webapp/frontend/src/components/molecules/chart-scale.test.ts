import { describe, expect, it } from 'vitest';
import { axisWidth, integerTicks, labelStride, linear, spread } from './chart-scale';

describe('integerTicks', () => {
  it('covers zero to the largest value in steps of 1, 2 or 5 times a power of ten', () => {
    expect(integerTicks(0, 7)).toEqual([0, 2, 4, 6, 8]);
    expect(integerTicks(0, 10)).toEqual([0, 2, 4, 6, 8, 10]);
    expect(integerTicks(0, 230)).toEqual([0, 50, 100, 150, 200, 250]);
    expect(integerTicks(0, 1_000_000)).toEqual([0, 200_000, 400_000, 600_000, 800_000, 1_000_000]);
  });

  it('never steps by a fraction, and still draws an axis with no values', () => {
    expect(integerTicks(0, 2)).toEqual([0, 1, 2]);
    expect(integerTicks(0, 0)).toEqual([0, 1]);
  });

  it('reaches below zero for a negative balance', () => {
    expect(integerTicks(-3, 12)).toEqual([-5, 0, 5, 10, 15]);
    expect(integerTicks(-4, 0)).toEqual([-4, -3, -2, -1, 0]);
  });
});

describe('linear', () => {
  it('maps the domain onto the range, inverted for a y axis', () => {
    const y = linear(0, 10, 200, 0);
    expect(y(0)).toBe(200);
    expect(y(10)).toBe(0);
    expect(y(2.5)).toBe(150);
  });

  it('puts a single value in the middle', () => {
    expect(linear(5, 5, 0, 100)(5)).toBe(50);
  });
});

describe('spread', () => {
  it('spaces values evenly with both ends included', () => {
    expect(spread(0, 100, 5)).toEqual([0, 25, 50, 75, 100]);
    expect(spread(7, 7, 5)).toEqual([7]);
  });
});

describe('labelStride', () => {
  it('keeps every label when they fit and thins them when they would touch', () => {
    expect(labelStride(['a', 'b'], 100, 12)).toBe(1);
    // "12-04" at 11 px is about 41 px wide with its gap: in 12 px slots every fourth fits.
    expect(labelStride(['12-04', '12-05'], 12, 11)).toBe(4);
  });
});

describe('axisWidth', () => {
  it('grows with the longest tick label', () => {
    expect(axisWidth([0, 5, 10], 12)).toBeLessThan(axisWidth([0, 500_000, 1_000_000], 12));
  });
});
