import type { MikroORM } from '@mikro-orm/postgresql';
import twilio from 'twilio';
import type RequestClient from 'twilio/lib/base/RequestClient.js';
import { OutboxMessageEntity } from '../mail/outbox.entity.js';

export interface OutgoingSms {
  /** E.164 number. */
  to: string;
  body: string;
  /** Where the provider reports delivery (Twilio status callbacks); omitted in development. */
  statusCallback?: string | null;
}

export interface SmsSender {
  /** Recorded on each delivery: `twilio` or `outbox`. */
  readonly provider: string;
  /** Sends one message; resolves with the provider's id and its first status (e.g. `queued`). */
  send(sms: OutgoingSms): Promise<{ providerId: string; status: string }>;
  /** Checks a status callback's X-Twilio-Signature against the full URL and form fields. */
  validSignature(
    signature: string | undefined,
    url: string,
    params: Record<string, string>,
  ): boolean;
}

export interface TwilioConfig {
  accountSid: string;
  authToken: string;
  from: string;
  /** Send API calls here instead of https://api.twilio.com (tests point it at a local fake). */
  apiBase?: string | null;
}

/** The Twilio SDK. With `apiBase`, every request keeps its path but goes to that host. */
export function twilioSms(config: TwilioConfig): SmsSender {
  let httpClient: RequestClient | undefined;
  if (config.apiBase) {
    const base = new URL(config.apiBase);
    class Redirecting extends twilio.RequestClient {
      override request<T>(options: RequestClient.RequestOptions<T>) {
        const uri = new URL(options.uri);
        uri.protocol = base.protocol;
        uri.host = base.host;
        return super.request<T>({ ...options, uri: uri.toString() });
      }
    }
    httpClient = new Redirecting();
  }
  const client = twilio(config.accountSid, config.authToken, httpClient ? { httpClient } : {});
  return {
    provider: 'twilio',
    async send(sms) {
      const message = await client.messages.create({
        from: config.from,
        to: sms.to,
        body: sms.body,
        ...(sms.statusCallback ? { statusCallback: sms.statusCallback } : {}),
      });
      return { providerId: message.sid, status: String(message.status) };
    },
    validSignature(signature, url, params) {
      return !!signature && twilio.validateRequest(config.authToken, signature, url, params);
    },
  };
}

/** Development: keeps the text in the outbox table for the SPA's outbox page. */
export function outboxSms(orm: MikroORM): SmsSender {
  return {
    provider: 'outbox',
    async send(sms) {
      const em = orm.em.fork();
      const message = em.create(OutboxMessageEntity, {
        channel: 'SMS',
        to: sms.to,
        subject: null,
        text: sms.body,
        html: null,
      });
      await em.flush();
      return { providerId: message.id, status: 'delivered' };
    },
    validSignature: () => false,
  };
}
