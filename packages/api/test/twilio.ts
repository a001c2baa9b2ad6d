import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { randomBytes } from 'node:crypto';
import twilio from 'twilio';

export interface FakeSms {
  sid: string;
  accountSid: string;
  to: string;
  from: string;
  body: string;
  statusCallback: string | null;
  /** The Basic credentials the SDK sent. */
  authorization: string;
}

/**
 * A local stand-in for Twilio's Messages API: the real SDK posts form-encoded requests to it (see
 * `twilioSms` with `apiBase`). Records each message, can refuse the next n, and can play Twilio's
 * part in a status callback, signed with the auth token as Twilio signs them.
 */
export interface FakeTwilio {
  url: string;
  accountSid: string;
  authToken: string;
  from: string;
  messages: FakeSms[];
  /** Refuse the next n messages: by default 503 (code 20503); or as `answer` says (a 400 with 21211, a 429 with Retry-After). */
  failNext(n: number, answer?: TwilioRefusal): void;
  /**
   * When set, each new message gets a status callback with this status BEFORE the API call that
   * sent it is answered, as a fast carrier can make Twilio do (the sender has no SID yet).
   */
  reportBeforeAnswering: string | null;
  /** Posts a signed status callback for a message, as Twilio would; returns the HTTP status. */
  callback(
    sms: FakeSms,
    status: string,
    options?: { signWith?: string; errorCode?: string },
  ): Promise<number>;
  close(): Promise<void>;
}

export interface TwilioRefusal {
  status: number;
  code: number;
  message: string;
  /** Seconds, sent as the Retry-After header. */
  retryAfter?: number;
}

const UNAVAILABLE: TwilioRefusal = { status: 503, code: 20503, message: 'Service unavailable' };

export async function startFakeTwilio(): Promise<FakeTwilio> {
  const accountSid = `AC${randomBytes(16).toString('hex')}`;
  const authToken = randomBytes(16).toString('hex');
  const from = '+15005550006';
  const messages: FakeSms[] = [];
  let failures = 0;
  let refusal = UNAVAILABLE;
  const server = http.createServer((req, res) => {
    let raw = '';
    req.on('data', (c: Buffer) => (raw += c.toString()));
    req.on('end', () => {
      const match = /^\/2010-04-01\/Accounts\/([^/]+)\/Messages\.json$/.exec(req.url ?? '');
      if (req.method !== 'POST' || !match) {
        res
          .writeHead(404, { 'content-type': 'application/json' })
          .end(JSON.stringify({ code: 20404, message: 'Not found', status: 404 }));
        return;
      }
      const expected = `Basic ${Buffer.from(`${accountSid}:${authToken}`).toString('base64')}`;
      if (req.headers.authorization !== expected) {
        res
          .writeHead(401, { 'content-type': 'application/json' })
          .end(JSON.stringify({ code: 20003, message: 'Authenticate', status: 401 }));
        return;
      }
      if (failures > 0) {
        failures--;
        res
          .writeHead(refusal.status, {
            'content-type': 'application/json',
            ...(refusal.retryAfter ? { 'retry-after': String(refusal.retryAfter) } : {}),
          })
          .end(
            JSON.stringify({
              code: refusal.code,
              message: refusal.message,
              status: refusal.status,
            }),
          );
        return;
      }
      const form = new URLSearchParams(raw);
      const sms: FakeSms = {
        sid: `SM${randomBytes(16).toString('hex')}`,
        accountSid: match[1]!,
        to: form.get('To') ?? '',
        from: form.get('From') ?? '',
        body: form.get('Body') ?? '',
        statusCallback: form.get('StatusCallback'),
        authorization: req.headers.authorization ?? '',
      };
      messages.push(sms);
      const answer = () =>
        res.writeHead(201, { 'content-type': 'application/json' }).end(
          JSON.stringify({
            sid: sms.sid,
            account_sid: sms.accountSid,
            status: 'queued',
            to: sms.to,
            from: sms.from,
            body: sms.body,
            num_segments: '1',
          }),
        );
      if (fake.reportBeforeAnswering && sms.statusCallback)
        void fake.callback(sms, fake.reportBeforeAnswering).then(answer, answer);
      else answer();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const fake: FakeTwilio = {
    url: `http://127.0.0.1:${port}`,
    accountSid,
    authToken,
    from,
    messages,
    reportBeforeAnswering: null,
    failNext(n, answer = UNAVAILABLE) {
      failures = n;
      refusal = answer;
    },
    async callback(sms, status, options = {}) {
      if (!sms.statusCallback) throw new Error('message had no StatusCallback');
      const params: Record<string, string> = {
        MessageSid: sms.sid,
        MessageStatus: status,
        AccountSid: sms.accountSid,
        To: sms.to,
        From: sms.from,
      };
      if (options.errorCode) params.ErrorCode = options.errorCode;
      const signature = twilio.getExpectedTwilioSignature(
        options.signWith ?? authToken,
        sms.statusCallback,
        params,
      );
      const response = await fetch(sms.statusCallback, {
        method: 'POST',
        headers: {
          'content-type': 'application/x-www-form-urlencoded',
          'x-twilio-signature': signature,
        },
        body: new URLSearchParams(params).toString(),
      });
      return response.status;
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
  return fake;
}
