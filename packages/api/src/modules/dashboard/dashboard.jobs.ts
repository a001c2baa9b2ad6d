import { defineJob } from '../../infra/jobs/define-job.js';
import { COMPACT_SQL } from '../invitation/index.js';

/**
 * Every ten minutes: folds the rollup rows that invitation writes appended, for every scope that
 * has any to fold, so the dashboard's reads stay about one row per key. Safe with several workers: a second compaction of a scope finds the
 * rows already folded and changes nothing.
 */
export const rollupCompactionJob = defineJob({
  name: 'invitation-stat-compaction',
  every: '10 minutes',
  concurrency: 1,
  async run(_data, { orm }) {
    const conn = orm.em.getConnection();
    const scopes = await conn.execute<{ scope_id: string }[]>(
      `select distinct scope_id from (
             select scope_id from invitation_stat group by scope_id, kind, hour having count(*) > 1
             union all
             select scope_id from invitation_accept_stat group by scope_id, kind, day, bucket having count(*) > 1) s`,
    );
    for (const { scope_id } of scopes)
      await conn.execute(COMPACT_SQL, [scope_id, scope_id, scope_id, scope_id]);
    return `compacted ${scopes.length} scopes`;
  },
});
