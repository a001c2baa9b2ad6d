import pino, { type DestinationStream } from 'pino';
import { currentScope } from './scope.js';

export type LogLevel = 'debug' | 'info' | 'warn' | 'error' | 'silent';
export type LogFormat = 'json' | 'pretty';
/** Structured fields of a line, e.g. `{ invitationId, channel }`; redacted by REDACTED_KEYS. */
export type LogFields = Record<string, unknown>;

export interface Logger {
  debug(message: string, fields?: LogFields): void;
  info(message: string, fields?: LogFields): void;
  warn(message: string, fields?: LogFields): void;
  error(message: string, error?: unknown, fields?: LogFields): void;
}

/**
 * The one redaction list: any field of these names, at the top of a line or up to two levels
 * down (`fields.user.email`, `req.headers.cookie`), is written as "[Redacted]". Secrets, and the
 * personal data that identifies a recipient; ids are logged instead.
 */
export const REDACTED_KEYS = [
  'password',
  'newPassword',
  'currentPassword',
  'token',
  'sealedToken',
  'secret',
  'cookie',
  'authorization',
  'authToken',
  'email',
  'phone',
  'mobile',
  'to',
] as const;

const REDACT_PATHS = REDACTED_KEYS.flatMap((k) => [k, `*.${k}`, `*.*.${k}`]);

export interface LoggerOptions {
  /** Default: pretty when stderr is a terminal, JSON lines otherwise. */
  format?: LogFormat;
  /** Where lines go (default stderr); tests pass a collector. */
  destination?: { write(line: string): void };
}

/**
 * pino behind Porter's small Logger interface: one JSON line per event on stderr (or a short
 * human line on a terminal), with the request id or job of the current scope on every line and
 * REDACTED_KEYS removed.
 */
export function createLogger(level: LogLevel, options: LoggerOptions = {}): Logger {
  const format = options.format ?? (process.stderr.isTTY ? 'pretty' : 'json');
  const target = options.destination ?? pino.destination({ dest: 2, sync: true });
  const out: DestinationStream = format === 'pretty' ? prettyStream(target) : target;
  const base = pino(
    {
      level,
      base: undefined,
      timestamp: pino.stdTimeFunctions.isoTime,
      formatters: { level: (label) => ({ level: label }) },
      redact: { paths: REDACT_PATHS },
      mixin: () => {
        const scope = currentScope();
        if (!scope) return {};
        const fields: LogFields = {};
        if (scope.requestId) fields.requestId = scope.requestId;
        if (scope.job) fields.job = scope.job;
        return fields;
      },
    },
    out,
  );
  return {
    debug: (message, fields) => base.debug(fields ?? {}, message),
    info: (message, fields) => base.info(fields ?? {}, message),
    warn: (message, fields) => base.warn(fields ?? {}, message),
    error: (message, error, fields) =>
      base.error(error === undefined ? (fields ?? {}) : { ...fields, err: error }, message),
  };
}

/** `12:00:00.123 warn  message key=value …`, from pino's JSON line (already redacted). */
function prettyStream(target: { write(line: string): void }): DestinationStream {
  return {
    write(line: string) {
      const { time, level, msg, err, ...fields } = JSON.parse(line) as Record<string, unknown>;
      const rest = Object.entries(fields)
        .map(([k, v]) => `${k}=${typeof v === 'string' ? v : JSON.stringify(v)}`)
        .join(' ');
      const stack =
        err && typeof err === 'object' && 'stack' in err ? `\n${String(err.stack)}` : '';
      target.write(
        `${String(time).slice(11, 23)} ${String(level).padEnd(5)} ${String(msg)}${rest ? ` ${rest}` : ''}${stack}\n`,
      );
    },
  };
}
