import { describe, expect, it } from 'vitest';
import { dateRangeError, localMidnightIso } from '@/lib/date-range';
import { toApiParams } from './api';

describe('transaction date filters', () => {
  it('sends From as local midnight and To as the local midnight after it', () => {
    const p = toApiParams({ dateFrom: '2026-03-01', dateTo: '2026-03-31', userId: 'u' });
    expect(p.dateFrom).toBe(new Date(2026, 2, 1).toISOString());
    expect(p.dateTo).toBe(new Date(2026, 3, 1).toISOString());
    expect(p.userId).toBe('u');
  });

  it('rolls over month and year ends', () => {
    expect(localMidnightIso('2026-12-31', 1)).toBe(new Date(2027, 0, 1).toISOString());
    expect(localMidnightIso('nonsense')).toBeUndefined();
  });

  it('refuses To before From, accepts the same day', () => {
    expect(dateRangeError('2026-03-02', '2026-03-01')).toMatch(/on or after/);
    expect(dateRangeError('2026-03-01', '2026-03-01')).toBeUndefined();
    expect(dateRangeError(undefined, '2026-03-01')).toBeUndefined();
  });
});
