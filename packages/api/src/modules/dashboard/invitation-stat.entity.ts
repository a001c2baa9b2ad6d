import { defineEntity, type InferEntity } from '@mikro-orm/core';
import { INVITATION_KINDS } from '../invitation/index.js';

/** The scope id of the platform-wide rows of the rollups (organisation and deployment rows use their own ids). */
export const PLATFORM_SCOPE_ID = '00000000-0000-0000-0000-000000000000';

/**
 * The dashboard's rollup of `invitation`, per scope (platform, organisation, deployment), kind and
 * UTC hour: invitations created (`sent`), accepted, and still pending with their expiry in that
 * hour (`expiring`). Statement-level triggers on `invitation` (migration
 * Migration20261129164512_dashboard) keep it equal to the aggregate of the current rows, so the
 * dashboard reads a few thousand small rows instead of scanning a million invitations. The rows are
 * deltas, appended without ON CONFLICT, so concurrent writers never wait on each other's rollup rows
 * (the CSV import commits its overlapping batches in file order: an upsert would deadlock it);
 * several rows per key are summed on read and folded into one by `compactStats` (each dashboard view
 * compacts its scope). No foreign keys: the triggers run after a cascade has removed an organisation.
 */
export const InvitationStatEntity = defineEntity({
  name: 'InvitationStat',
  tableName: 'invitation_stat',
  properties: (p) => ({
    id: p.bigint().primary().autoincrement(),
    scopeId: p.uuid(),
    kind: p.enum(INVITATION_KINDS),
    hour: p.datetime(),
    sent: p.integer().default(0),
    accepted: p.integer().default(0),
    expiring: p.integer().default(0),
  }),
  indexes: [{ name: 'invitation_stat_key', properties: ['scopeId', 'kind', 'hour'] }],
});
export type InvitationStatEntity = InferEntity<typeof InvitationStatEntity>;

/**
 * Time to accept, as a histogram per scope, kind and UTC day of acceptance: bucket b ≥ 1 holds
 * latencies in [1.05^(b−1), 1.05^b) seconds (bucket 0: under a second), with their count and
 * their sum in milliseconds. The median comes from ≤ 360 buckets × 90 days, exact to within one
 * bucket (5 %), and exact whenever the middle values sit alone in their buckets.
 */
export const InvitationAcceptStatEntity = defineEntity({
  name: 'InvitationAcceptStat',
  tableName: 'invitation_accept_stat',
  properties: (p) => ({
    id: p.bigint().primary().autoincrement(),
    scopeId: p.uuid(),
    kind: p.enum(INVITATION_KINDS),
    day: p.date(),
    bucket: p.smallint(),
    accepted: p.integer().default(0),
    totalMs: p.bigint().default(0),
  }),
  indexes: [
    { name: 'invitation_accept_stat_key', properties: ['scopeId', 'kind', 'day', 'bucket'] },
  ],
});
export type InvitationAcceptStatEntity = InferEntity<typeof InvitationAcceptStatEntity>;
