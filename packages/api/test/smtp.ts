import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';

export interface ReceivedMail {
  to: string[];
  raw: string;
  subject: string;
  /** The decoded text/plain part (quoted-printable undone). */
  text: string;
}

/** A real SMTP server in the test process; nodemailer talks to it over TCP. */
export interface SmtpSink {
  url: string;
  messages: ReceivedMail[];
  /**
   * Refuse the next n messages: by default with a temporary error after DATA (451), to exercise
   * retries; a 5xx `reply` is given to RCPT TO instead, as a server refuses an unknown address.
   */
  failNext(n: number, reply?: SmtpReply): void;
  close(): Promise<void>;
}

export interface SmtpReply {
  code: number;
  message: string;
}

const BUSY: SmtpReply = { code: 451, message: 'Mailbox busy, try again later' };

function decodeQuotedPrintable(s: string): string {
  return Buffer.from(
    s
      .replace(/=\r?\n/g, '')
      .replace(/=([0-9A-F]{2})/gi, (_m, h: string) => String.fromCharCode(parseInt(h, 16))),
    'latin1',
  ).toString('utf8');
}

function textPart(raw: string): string {
  const match = /Content-Type: text\/plain[^]*?\r?\n\r?\n([^]*?)\r?\n--/i.exec(raw);
  if (!match) return '';
  const headers = raw.slice(
    raw.lastIndexOf('Content-Type: text/plain', match.index + 30),
    match.index + match[0].indexOf('\n\n') + 2,
  );
  return /quoted-printable/i.test(headers) || /quoted-printable/i.test(match[0])
    ? decodeQuotedPrintable(match[1]!)
    : match[1]!;
}

export interface SmtpSinkOptions {
  /** How long the server takes to accept each message after its DATA: a provider's latency. */
  delayMs?: number;
}

export async function startSmtpSink(options: SmtpSinkOptions = {}): Promise<SmtpSink> {
  const messages: ReceivedMail[] = [];
  let failures = 0;
  let reply = BUSY;
  const refusal = () =>
    Object.assign(new Error(reply.message), { responseCode: reply.code }) as Error;
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS', 'AUTH'],
    logger: false,
    onRcptTo(_address, _session, callback) {
      if (failures > 0 && reply.code >= 500) {
        failures--;
        callback(refusal());
        return;
      }
      callback();
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => {
        if (failures > 0) {
          failures--;
          callback(refusal());
          return;
        }
        const raw = Buffer.concat(chunks).toString('utf8');
        const subject = /^Subject: (.*)$/im.exec(raw)?.[1] ?? '';
        const accept = () => {
          messages.push({
            to: session.envelope.rcptTo.map((r) => r.address),
            raw,
            subject,
            text: textPart(raw),
          });
          callback();
        };
        if (options.delayMs) setTimeout(accept, options.delayMs);
        else accept();
      });
    },
  });
  // A client killed mid-message (the fault suite kills workers) resets its connection: not an error
  // of the server's.
  server.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code !== 'ECONNRESET') throw error;
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.server.address() as AddressInfo;
  return {
    url: `smtp://127.0.0.1:${port}`,
    messages,
    failNext: (n, answer = BUSY) => {
      failures = n;
      reply = answer;
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** The invitation link in a received message. */
export function linkIn(mail: ReceivedMail): string {
  const match = /https?:\/\/\S+\/invitations\/([A-Za-z0-9_-]{43})/.exec(mail.text);
  if (!match) throw new Error(`No invitation link in: ${mail.text}`);
  return match[0];
}

export const tokenOf = (link: string) => link.split('/').pop()!;
