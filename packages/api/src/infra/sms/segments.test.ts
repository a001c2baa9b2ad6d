import { describe, expect, it } from 'vitest';
import { smsLength } from './segments.js';

describe('smsLength', () => {
  it('fits 160 GSM-7 characters in one part and 153 per part beyond', () => {
    expect(smsLength('a'.repeat(160))).toEqual({ encoding: 'GSM-7', characters: 160, segments: 1 });
    expect(smsLength('a'.repeat(161))).toEqual({ encoding: 'GSM-7', characters: 161, segments: 2 });
    expect(smsLength('a'.repeat(307)).segments).toBe(3);
  });

  it('counts extension characters twice', () => {
    expect(smsLength('€[]')).toMatchObject({ encoding: 'GSM-7', characters: 6 });
  });

  it('switches to UCS-2 for anything outside GSM-7', () => {
    expect(smsLength('It’s here')).toEqual({ encoding: 'UCS-2', characters: 9, segments: 1 });
    expect(smsLength('x'.repeat(70) + '’').segments).toBe(2);
    expect(smsLength('👍').characters).toBe(2);
  });
});
