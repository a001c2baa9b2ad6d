import type { MikroORM } from '@mikro-orm/postgresql';
import { CHANNEL_INFO, CHANNELS, type Channel, type ChannelInfo } from '@porter/shared';
import type { Env } from '../../config/env.js';
import type { Mailer } from '../../infra/mail/mailer.js';
import type { SmsSender } from '../../infra/sms/sms.js';
import type { MessageSender, OutgoingMessage } from './message.js';
import {
  invitationEmail,
  invitationText,
  type InvitationMessageProps,
} from './messages/invitation-message.js';
import { mailSender, textSender } from './senders.js';

/** What a channel's provider may be made from, once at start-up. */
export interface SenderDeps {
  env: Env;
  orm: MikroORM;
  mailer: Mailer;
  sms: SmsSender;
}

/** Everything the API knows about a channel: the shared facts, its provider and its messages. */
export interface ChannelSpec extends ChannelInfo {
  /** The provider that carries it (made once by `channelSenders`). */
  sender(deps: SenderDeps): MessageSender;
  /** An invitation (or its reminder) as this channel carries it. */
  render(props: InvitationMessageProps): Promise<OutgoingMessage>;
}

/**
 * The channel registry. A new channel is an entry in CHANNELS (@porter/shared) and one here: its
 * provider and which message it carries; everything else asks this table.
 */
export const CHANNEL_SPECS: Record<Channel, ChannelSpec> = {
  EMAIL: {
    ...CHANNEL_INFO.EMAIL,
    sender: ({ mailer }) => mailSender(mailer),
    render: invitationEmail,
  },
  SMS: {
    ...CHANNEL_INFO.SMS,
    sender: ({ sms, env }) => textSender(sms, env.publicUrl),
    render: invitationText,
  },
};

export type ChannelSenders = Readonly<Record<Channel, MessageSender>>;

/** One sender per channel, made from the runtime's providers (main, worker and tests alike). */
export function channelSenders(deps: SenderDeps): ChannelSenders {
  return Object.fromEntries(
    CHANNELS.map((channel) => [channel, CHANNEL_SPECS[channel].sender(deps)]),
  ) as Record<Channel, MessageSender>;
}

/** An invitation message by `channel`. */
export const renderInvitationMessage = (
  channel: Channel,
  props: InvitationMessageProps,
): Promise<OutgoingMessage> => CHANNEL_SPECS[channel].render(props);
