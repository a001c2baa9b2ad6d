import { describe, expect, it } from 'vitest';
import { parseMobile } from './phone.js';

describe('parseMobile', () => {
  it('reads a national number in the default country', () => {
    expect(parseMobile('07911 123456', 'GB')).toEqual({
      e164: '+447911123456',
      display: '+44 7911 123456',
    });
  });

  it('reads an international number whatever the default country', () => {
    expect(parseMobile('+44 (0)7911-123456', 'US')).toEqual({
      e164: '+447911123456',
      display: '+44 7911 123456',
    });
    expect(parseMobile('+1 415 555 2671', 'GB')?.e164).toBe('+14155552671');
  });

  it('uses another default country when told', () => {
    expect(parseMobile('0612345678', 'FR')).toEqual({
      e164: '+33612345678',
      display: '+33 6 12 34 56 78',
    });
  });

  it('refuses wrong lengths, unallocated ranges, landlines and junk', () => {
    expect(parseMobile('12', 'GB')).toBeNull();
    expect(parseMobile('07700 900123', 'GB')).toBeNull();
    expect(parseMobile('020 7946 0018', 'GB')).toBeNull();
    expect(parseMobile('call me maybe', 'GB')).toBeNull();
    expect(parseMobile('', 'GB')).toBeNull();
    expect(parseMobile('07911 123456', 'not a country')).toBeNull();
  });
});
