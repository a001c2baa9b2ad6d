import type { MikroORM } from '@mikro-orm/postgresql';
import { CHANNELS, isChannel, type Channel } from '@porter/shared';
import { retryFailedDeliveries, type RetriedDeliveries } from '../modules/invitation/index.js';

// The operator's `retry-deliveries` command (src/retry-deliveries.ts): after a provider outage
// outlasted the 26-hour retry window, sends the FAILED invitation messages again with the links
// they carried, through the same invitation function staff use (retryInvitationDeliveries),
// audited with no actor.

export interface RetryOptions {
  organisationId: string | null;
  /** Only messages that failed at or after this time. */
  since: Date | null;
  channel: Channel | null;
  /** Report what would be retried, change nothing. */
  dryRun: boolean;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export const RETRY_USAGE =
  'usage: retry-deliveries [--organisation <id>] [--since <ISO date-time>] [--channel ' +
  `${CHANNELS.join('|')}] [--dry-run]`;

/** The command's options from its arguments, or what is wrong with them. */
export function parseRetryArgs(argv: readonly string[]): RetryOptions | { error: string } {
  const options: RetryOptions = { organisationId: null, since: null, channel: null, dryRun: false };
  for (let k = 0; k < argv.length; k++) {
    const name = argv[k]!;
    if (name === '--dry-run') {
      options.dryRun = true;
      continue;
    }
    const value = argv[k + 1];
    if (!['--organisation', '--since', '--channel'].includes(name))
      return { error: `unknown option ${name}` };
    if (value === undefined || value.startsWith('--')) return { error: `${name} needs a value` };
    k++;
    if (name === '--organisation') {
      if (!UUID.test(value)) return { error: `--organisation ${value} is not an id` };
      options.organisationId = value;
    } else if (name === '--since') {
      const since = new Date(value);
      if (Number.isNaN(since.getTime())) return { error: `--since ${value} is not a date-time` };
      options.since = since;
    } else {
      const channel = value.toUpperCase();
      if (!isChannel(channel))
        return { error: `--channel ${value} is not one of ${CHANNELS.join(', ')}` };
      options.channel = channel;
    }
  }
  return options;
}

class DryRun extends Error {
  constructor(readonly result: RetriedDeliveries) {
    super('dry run');
  }
}

/**
 * Queues the matching failed messages again (or, with `dryRun`, finds them in a transaction that
 * is rolled back). The worker's drain finds them due within its 30-second sweep.
 */
export async function retryDeliveries(
  orm: MikroORM,
  options: RetryOptions,
  now: Date,
): Promise<RetriedDeliveries> {
  try {
    return await orm.em.fork().transactional(async (tx) => {
      const result = await retryFailedDeliveries(
        tx,
        { organisationId: options.organisationId, since: options.since, channel: options.channel },
        now,
        { actor: null, ip: null },
      );
      if (options.dryRun) throw new DryRun(result);
      return result;
    });
  } catch (error) {
    if (error instanceof DryRun) return error.result;
    throw error;
  }
}
