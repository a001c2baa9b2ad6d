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
  /** Request timeout (TWILIO_TIMEOUT_MS): the SDK's default is 30 s. */
  timeoutMs: number;
}

/**
 * Seconds or an HTTP date, as in Retry-After, in milliseconds from `now`; null when absent or
 * unreadable.
 */
export function retryAfterMs(value: unknown, now = Date.now()): number | null {
  const header = Array.isArray(value) ? (value[0] as unknown) : value;
  if (typeof header !== 'string' && typeof header !== 'number') return null;
  const seconds = Number(header);
  if (Number.isFinite(seconds)) return seconds > 0 ? Math.ceil(seconds * 1000) : null;
  const date = Date.parse(String(header));
  return Number.isNaN(date) ? null : Math.max(0, date - now) || null;
}

/**
 * The Twilio SDK, with a request timeout. Its errors (RestException) carry the HTTP status and
 * Twilio's code, and here also `retryAfterMs` when Twilio answered with Retry-After (the SDK drops
 * headers). With `apiBase`, every request keeps its path but goes to that host. Twilio's Messages
 * API takes no idempotency key (the I-Twilio-Idempotency-Token header is on Twilio's webhooks to
 * us, not on its API), so duplicates are kept away by recording each send as it returns.
 */
export function twilioSms(config: TwilioConfig): SmsSender {
  const base = config.apiBase ? new URL(config.apiBase) : null;
  class PorterRequestClient extends twilio.RequestClient {
    override async request<T>(options: RequestClient.RequestOptions<T>) {
      let uri = options.uri;
      if (base) {
        const redirected = new URL(options.uri);
        redirected.protocol = base.protocol;
        redirected.host = base.host;
        uri = redirected.toString();
      }
      const response = await super.request<T>({ ...options, uri });
      const wait =
        response.statusCode >= 400
          ? retryAfterMs((response.headers as Record<string, unknown>)['retry-after'])
          : null;
      if (wait !== null)
        throw Object.assign(new twilio.RestException(response), { retryAfterMs: wait });
      return response;
    }
  }
  const httpClient = new PorterRequestClient({ timeout: config.timeoutMs });
  const client = twilio(config.accountSid, config.authToken, { httpClient });
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
