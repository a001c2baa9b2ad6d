import { describe, expect, it } from 'vitest';
import { CHANNEL_INFO, CHANNELS, isChannel, isPasswordlessChannel } from './channels.js';

describe('channels', () => {
  it('describes every channel once', () => {
    expect(Object.keys(CHANNEL_INFO).sort()).toEqual([...CHANNELS].sort());
  });

  it('says which channels accept without a password', () => {
    expect(isPasswordlessChannel('EMAIL')).toBe(false);
    expect(isPasswordlessChannel('SMS')).toBe(true);
    expect(
      CHANNELS.filter(isPasswordlessChannel).every((c) => CHANNEL_INFO[c].address === 'mobile'),
    ).toBe(true);
  });

  it('narrows strings to channels', () => {
    expect(isChannel('SMS')).toBe(true);
    expect(isChannel('LINK')).toBe(false);
  });
});
