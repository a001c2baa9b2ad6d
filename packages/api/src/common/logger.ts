export type LogLevel = 'debug' | 'info' | 'warn' | 'error' | 'silent';

export interface Logger {
  debug(message: string): void;
  info(message: string): void;
  warn(message: string): void;
  error(message: string, error?: unknown): void;
}

const ORDER: Record<LogLevel, number> = { debug: 10, info: 20, warn: 30, error: 40, silent: 100 };

/** A small structured-enough logger: one line per event, to stderr. */
export function createLogger(level: LogLevel): Logger {
  const at = ORDER[level];
  const write = (lvl: Exclude<LogLevel, 'silent'>, message: string) => {
    if (ORDER[lvl] >= at)
      process.stderr.write(`${new Date().toISOString()} ${lvl.padEnd(5)} ${message}\n`);
  };
  return {
    debug: (m) => write('debug', m),
    info: (m) => write('info', m),
    warn: (m) => write('warn', m),
    error: (m, e) => write('error', e instanceof Error ? `${m}: ${e.stack ?? e.message}` : m),
  };
}
