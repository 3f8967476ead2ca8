import { describe, expect, it } from 'vitest';
import { formatDuration } from './format.js';

describe('formatDuration', () => {
  it('picks the largest useful unit', () => {
    expect(formatDuration(-5)).toBe('0s');
    expect(formatDuration(12_400)).toBe('12s');
    expect(formatDuration(5 * 60_000 + 10)).toBe('5m');
    expect(formatDuration(3 * 3_600_000 + 5 * 60_000)).toBe('3h 05m');
    expect(formatDuration(52 * 3_600_000)).toBe('2d 04h');
    expect(formatDuration(12 * 86_400_000 + 11 * 3_600_000)).toBe('12d 11h');
  });
});
