/**
 * The one definition of how a delivery fails and when it is tried again: which provider errors
 * are worth retrying (classifyFailure) and the retry schedule (nextTry). Pure: the drain hands in
 * the error, the times and the random source, and writes what comes back.
 */

/** The retry schedule, from configuration (DELIVERY_BACKOFF_BASE_MS, …_MAX_MS, DELIVERY_RETRY_FOR_MS). */
export interface RetryPolicy {
  /** The first retry's ceiling; each later one doubles it. */
  baseMs: number;
  /** The longest a retry waits (before Retry-After). */
  maxMs: number;
  /** How long transient failures keep being retried, from the first attempt. */
  retryForMs: number;
}

/**
 * TRANSIENT: worth trying again (the provider or the network, not the message). PERMANENT: the
 * provider refused this recipient or message; trying again cannot help.
 */
export type FailureKind = 'TRANSIENT' | 'PERMANENT';

export interface Failure {
  kind: FailureKind;
  /**
   * The provider as a whole looked unavailable (no connection, a timeout, SMTP 421, HTTP 5xx):
   * its next success wakes every delivery of the channel that waits for this reason.
   */
  outage: boolean;
  /** The provider's code: the SMTP reply code, Twilio's error code, HTTP status or ECONNREFUSED. */
  code: string | null;
  /** What staff read on the invitation: the provider's reason, in words. */
  reason: string;
  /** The provider asked to wait this long (Twilio's Retry-After); SMTP has no such thing. */
  retryAfterMs: number | null;
}

/** What a provider call may throw, as far as classification reads it (nodemailer, Twilio, Node). */
interface ProviderError {
  message?: unknown;
  code?: unknown;
  originalCode?: unknown;
  responseCode?: unknown;
  response?: unknown;
  command?: unknown;
  status?: unknown;
  retryAfterMs?: unknown;
}

/** Node's and the HTTP client's network failures: nothing reached the provider, or no answer came. */
const NETWORK: Record<string, string> = {
  ECONNREFUSED: 'refused the connection',
  ECONNRESET: 'dropped the connection',
  EPIPE: 'dropped the connection',
  ETIMEDOUT: 'did not answer in time',
  ECONNABORTED: 'did not answer in time',
  ESOCKETTIMEDOUT: 'did not answer in time',
  EHOSTUNREACH: 'could not be reached',
  ENETUNREACH: 'could not be reached',
  EHOSTDOWN: 'could not be reached',
  ENOTFOUND: 'could not be found (DNS)',
  EAI_AGAIN: 'could not be found (DNS)',
};

/**
 * Twilio's codes for a recipient that cannot get texts, in words
 * (https://www.twilio.com/docs/api/errors). Every other Twilio refusal is retried.
 */
export const TWILIO_PERMANENT: Record<string, string> = {
  '21211': 'not a valid mobile number',
  '21214': 'this number cannot be reached',
  '21217': 'not a valid phone number',
  '21265': 'a short code cannot receive these texts',
  '21407': 'texts to this country are not supported',
  '21408': 'texts to this region are not enabled',
  '21421': 'not a valid phone number',
  '21610': 'the recipient has opted out (replied STOP)',
  '21612': 'this number cannot receive texts from us',
  '21614': 'not a mobile number',
  '21635': 'not a mobile number',
};

const text = (v: unknown): string | null =>
  typeof v === 'string' ? v : typeof v === 'number' ? String(v) : null;

/**
 * What a failed send means. SMTP (nodemailer): a 5xx answer to RCPT TO or DATA refuses this
 * recipient or message (PERMANENT); any 4xx, 5xx elsewhere (MAIL FROM, AUTH: our configuration,
 * which an operator can fix within the retry window), timeouts and connection errors are
 * TRANSIENT. Twilio: the invalid-number family (TWILIO_PERMANENT) is PERMANENT; 429, 5xx,
 * timeouts, connection errors and any other refusal are TRANSIENT. Anything else (a template
 * error, a bug) is TRANSIENT: kept and visible rather than lost.
 */
export function classifyFailure(provider: string, error: unknown): Failure {
  const e: ProviderError = typeof error === 'object' && error !== null ? error : {};
  const message = (text(e.message) ?? String(error)).trim();
  const network = [text(e.originalCode), text(e.code)].find((c) => c && c in NETWORK) ?? null;
  const retryAfterMs =
    typeof e.retryAfterMs === 'number' && e.retryAfterMs > 0 ? e.retryAfterMs : null;
  const transient = (code: string | null, reason: string, outage: boolean): Failure => ({
    kind: 'TRANSIENT',
    outage,
    code,
    reason,
    retryAfterMs,
  });

  if (provider === 'twilio') {
    const status = typeof e.status === 'number' ? e.status : null;
    const code = text(e.code);
    if (status !== null && code && TWILIO_PERMANENT[code])
      return {
        kind: 'PERMANENT',
        outage: false,
        code,
        reason: `Twilio: ${TWILIO_PERMANENT[code]} (${code})`,
        retryAfterMs: null,
      };
    if (status === 429)
      return transient(
        code ?? '429',
        `Twilio is rate-limiting us (${code ?? 429}); retrying`,
        false,
      );
    if (status !== null && status >= 500)
      return transient(
        code ?? String(status),
        `Twilio is unavailable (HTTP ${status}); retrying`,
        true,
      );
    if (status !== null)
      return transient(
        code ?? String(status),
        `Twilio refused the request (${code ?? status}): ${message}`,
        false,
      );
    if (network)
      return transient(network, `Twilio ${NETWORK[network]} (${network}); retrying`, true);
    return transient(null, `Twilio: ${message}`, false);
  }

  if (provider === 'smtp') {
    const reply = typeof e.responseCode === 'number' ? e.responseCode : null;
    const response = (text(e.response) ?? message).replace(/\s+/g, ' ').trim();
    const command = text(e.command) ?? '';
    if (reply !== null && reply >= 500 && /^(RCPT|DATA)/i.test(command))
      return {
        kind: 'PERMANENT',
        outage: false,
        code: String(reply),
        reason: `The mail server refused this ${command.startsWith('RCPT') ? 'address' : 'message'} (${response})`,
        retryAfterMs: null,
      };
    if (reply === 421)
      return transient('421', `The mail server is unavailable (${response}); retrying`, true);
    if (reply !== null && reply >= 400 && reply < 500)
      return transient(
        String(reply),
        `The mail server asked to try again later (${response})`,
        false,
      );
    if (reply !== null)
      return transient(
        String(reply),
        `The mail server refused our request (${response}); retrying`,
        false,
      );
    if (network)
      return transient(network, `The mail server ${NETWORK[network]} (${network}); retrying`, true);
    if (text(e.code) === 'ETIMEDOUT' || /timeout/i.test(message))
      return transient('ETIMEDOUT', `The mail server did not answer in time; retrying`, true);
    if (/^E[A-Z]+$/.test(text(e.code) ?? ''))
      return transient(
        text(e.code),
        `The mail server could not be used (${message}); retrying`,
        true,
      );
  }
  return transient(
    network,
    network ? `${provider} ${NETWORK[network]} (${network})` : message,
    !!network,
  );
}

/** The longest the n-th retry (n from 1) may wait: base, 2×base, 4×base… up to the cap. */
export const backoffCeilingMs = (policy: RetryPolicy, attempt: number): number =>
  Math.min(policy.maxMs, policy.baseMs * 2 ** Math.min(Math.max(0, attempt - 1), 40));

/**
 * The wait after the n-th failed attempt: "full jitter", uniform in (0, ceiling], so workers that
 * failed together do not come back together; never shorter than the provider's Retry-After.
 */
export function backoffMs(
  policy: RetryPolicy,
  attempt: number,
  retryAfterMs: number | null = null,
  random: () => number = Math.random,
): number {
  const jittered = 1 + Math.floor(random() * backoffCeilingMs(policy, attempt));
  return Math.max(jittered, retryAfterMs ?? 0);
}

export type NextTry = { retryAt: Date } | { giveUp: string };

/**
 * After a failed attempt: a PERMANENT failure gives up at once; a TRANSIENT one is tried again
 * (backoffMs) until `retryForMs` has passed since the first attempt, so it is retried at least
 * that long; then it gives up, saying how long it tried.
 */
export function nextTry(
  policy: RetryPolicy,
  failure: Failure,
  attempt: number,
  firstAttemptAt: Date,
  now: Date,
  random: () => number = Math.random,
): NextTry {
  if (failure.kind === 'PERMANENT') return { giveUp: failure.reason };
  const tried = now.getTime() - firstAttemptAt.getTime();
  if (tried >= policy.retryForMs)
    return {
      giveUp: `Gave up after ${Math.round(tried / 3_600_000)} h and ${attempt} attempts: ${failure.reason}`,
    };
  return {
    retryAt: new Date(now.getTime() + backoffMs(policy, attempt, failure.retryAfterMs, random)),
  };
}
