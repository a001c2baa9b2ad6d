import { metrics } from '../../common/metrics.js';
import { currentScope, runInScope } from '../../common/scope.js';

/**
 * Job payloads carry the id of the request that queued them, so a job's log lines can be found
 * beside the request's. Added by `enqueue`, read back by `observeRun`.
 */
export function withRequestId(data: unknown): unknown {
  const requestId = currentScope()?.requestId;
  if (!requestId || (data !== undefined && (typeof data !== 'object' || data === null)))
    return data;
  return { ...(data as object), requestId };
}

/** Runs one job in its own scope (its name, the queuing request's id) and counts the outcome. */
export async function observeRun<T>(job: string, data: unknown, run: () => Promise<T>): Promise<T> {
  const requestId =
    data && typeof data === 'object' && 'requestId' in data && typeof data.requestId === 'string'
      ? data.requestId
      : null;
  try {
    const result = await runInScope({ requestId, job }, run);
    metrics.jobRuns.inc({ job, outcome: 'ok' });
    return result;
  } catch (error) {
    metrics.jobRuns.inc({ job, outcome: 'failed' });
    throw error;
  }
}
