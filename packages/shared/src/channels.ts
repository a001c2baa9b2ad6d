/**
 * The channels an invitation can travel by. Adding one here makes every `Record<Channel, …>` in
 * the API and the SPA ask for it; the API's delivery module (modules/delivery/channels.ts) then
 * says how it is sent.
 */
export const CHANNELS = ['EMAIL', 'SMS'] as const;
export type Channel = (typeof CHANNELS)[number];

export interface ChannelInfo {
  /** How the SPA names it ("Email", "SMS"). */
  label: string;
  /** What the invitation's address is: a normalised email, or an E.164 mobile number. */
  address: 'email' | 'mobile';
  /**
   * Acceptance makes an account without a password: holding the link sent to the address is the
   * proof (later sign-in is by a code sent to it). Email invitations ask for a password.
   */
  passwordless: boolean;
  /** One message by it, in a sentence ("Text message to +44…"). */
  messageNoun: string;
}

export const CHANNEL_INFO: Record<Channel, ChannelInfo> = {
  EMAIL: { label: 'Email', address: 'email', passwordless: false, messageNoun: 'Message' },
  SMS: { label: 'SMS', address: 'mobile', passwordless: true, messageNoun: 'Text message' },
};

/** Whether accepting an invitation sent by `channel` makes a password-less account. */
export const isPasswordlessChannel = (channel: Channel): boolean =>
  CHANNEL_INFO[channel].passwordless;

/** Narrows a stored or received string (e.g. a development outbox row) to a known channel. */
export const isChannel = (value: string): value is Channel =>
  (CHANNELS as readonly string[]).includes(value);
