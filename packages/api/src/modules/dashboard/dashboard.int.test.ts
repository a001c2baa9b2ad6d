import { beforeEach, describe, expect, it } from 'vitest';
import { makeStaffInvitation, PASSWORD } from '../../../test/factories.js';
import { useTestApi, type GraphQLClient, type TestApi } from '../../../test/harness.js';
import { linkIn, tokenOf } from '../../../test/smtp.js';
import { makeWorld } from '../../../test/world.js';
import { RoleAssignmentEntity } from '../role/role-assignment.entity.js';
import { RoleEntity } from '../role/role.entity.js';
import { histogramMedian, weekStart } from './dashboard.service.js';
import { rollupCompactionJob } from './dashboard.jobs.js';
import { COMPACT_SQL } from '../invitation/invitation-stat.triggers.js';

const testApi = useTestApi();
let api: TestApi;
let world: Awaited<ReturnType<typeof makeWorld>>;
const HOUR = 3_600_000;
const WEEK = 7 * 24 * HOUR;

const DASHBOARD = `query($o: ID, $d: ID, $kind: InvitationKind) {
  adminDashboard(organisationId: $o, deploymentId: $d, kind: $kind) {
    scopeType kind staff activeStaff activeDays acceptedInWindow medianSecondsToAccept medianWindowDays
    usersByRole { role { key name } assignments }
    pendingInvitations { kind pending }
    weeks { weekStart sent accepted expired } } }`;
const INVITE = `mutation($input: InviteStaffInput!) { inviteStaff(input: $input) { invitedCount } }`;
const ACCEPT = `mutation($token: String!, $fullName: String, $password: String, $acceptTerms: Boolean) {
  acceptInvitation(token: $token, fullName: $fullName, password: $password, acceptTerms: $acceptTerms) { email } }`;
const REMOVE = `mutation($id: ID!) { removeStaffMember(staffMemberId: $id) }`;

const as = (email: string) => api.client().signIn(email, PASSWORD);
const roleId = async (key: string) =>
  (await api.orm.em.fork().findOneOrFail(RoleEntity, { key })).id;

beforeEach(async () => {
  api = testApi();
  world = await makeWorld(api.orm.em.fork());
});

async function invite(client: GraphQLClient, emails: string[]) {
  const input = {
    organisationId: world.home.organisation.id,
    deploymentId: world.home.first.id,
    emails,
    roleId: await roleId('DEPLOYMENT_STAFF'),
  };
  expect((await client.ok(INVITE, { input })).inviteStaff.invitedCount).toBe(emails.length);
  await api.drain();
}

async function accept(address: string) {
  const mail = api.smtp.messages.filter((m) => m.to.includes(address)).at(-1)!;
  await api.client().ok(ACCEPT, {
    token: tokenOf(linkIn(mail)),
    fullName: `Person ${address}`,
    password: 'a long enough password',
    acceptTerms: true,
  });
}

const dashboard = async (client: GraphQLClient, variables: Record<string, unknown>) =>
  (await client.ok(DASHBOARD, variables)).adminDashboard;
const home = () => ({ o: world.home.organisation.id, d: world.home.first.id });

describe('the admin dashboard', () => {
  it('counts invitations sent, accepted and expired per week, pending ones, and the median time to accept', async () => {
    // Week 1 of the chart (Monday 22 December): three invited; two accept after 2 h and 4 h, one lets it expire (72 h).
    api.clock.set(new Date('2025-12-22T09:00:00Z'));
    const admin = await as('admin@home.org');
    await invite(admin, ['ann@example.org', 'ben@example.org', 'cal@example.org']);
    api.clock.advance(2 * HOUR);
    await accept('ann@example.org');
    api.clock.advance(2 * HOUR);
    await accept('ben@example.org');
    // Week 9: one more, never accepted.
    // (Sessions expire after weeks of fake time: sign in again after each jump.)
    api.clock.set(new Date('2026-02-16T10:00:00Z'));
    await invite(await as('admin@home.org'), ['dee@example.org']);
    // The current week (Monday 2 March): one still pending at the time of reading.
    api.clock.set(new Date('2026-03-04T09:00:00Z'));
    const admin2 = await as('admin@home.org');
    await invite(admin2, ['eve@example.org']);
    api.clock.set(new Date('2026-03-04T12:30:00Z'));

    const d = await dashboard(admin2, home());
    expect(d).toMatchObject({
      scopeType: 'DEPLOYMENT',
      kind: null,
      activeDays: 30,
      medianWindowDays: 90,
      acceptedInWindow: 2,
    });
    expect(d.medianSecondsToAccept).toBeCloseTo(3 * 3600, 3);
    expect(d.weeks).toHaveLength(12);
    expect(d.weeks[0].weekStart).toBe('2025-12-15T00:00:00.000Z');
    expect(d.weeks[11].weekStart).toBe('2026-03-02T00:00:00.000Z');
    const nonEmpty = d.weeks.filter((w: any) => w.sent || w.accepted || w.expired);
    expect(nonEmpty).toEqual([
      { weekStart: '2025-12-22T00:00:00.000Z', sent: 3, accepted: 2, expired: 1 },
      { weekStart: '2026-02-16T00:00:00.000Z', sent: 1, accepted: 0, expired: 1 },
      { weekStart: '2026-03-02T00:00:00.000Z', sent: 1, accepted: 0, expired: 0 },
    ]);
    expect(d.pendingInvitations).toEqual([
      { kind: 'STAFF', pending: 1 },
      { kind: 'PATIENT', pending: 0 },
      { kind: 'PROXY', pending: 0 },
    ]);
    // The deployment's people: Admin, Deployment Staff, Contributor from the world, plus Ann and Ben.
    expect(d.staff).toBe(5);
    // Only the admin used a session in the last 30 days (Ann and Ben signed in on 22 December).
    expect(d.activeStaff).toBe(1);
    expect(d.usersByRole[0]).toEqual({
      role: { key: 'DEPLOYMENT_STAFF', name: 'Deployment Staff' },
      assignments: 3,
    });
    expect(d.usersByRole.map((r: any) => [r.role.key, r.assignments])).toEqual(
      expect.arrayContaining([
        ['ADMIN', 1],
        ['CONTRIBUTOR', 1],
      ]),
    );

    // Once the pending invitation's expiry hour is over it moves from pending to expired.
    api.clock.set(new Date('2026-03-07T10:00:00Z'));
    const later = await dashboard(admin2, home());
    expect(later.pendingInvitations[0]).toEqual({ kind: 'STAFF', pending: 0 });
    expect(later.weeks[11]).toMatchObject({ sent: 1, expired: 1 });

    // Limited to patient invitations, the chart and the median are empty; pending counts stay per kind.
    const patients = await dashboard(admin2, { ...home(), kind: 'PATIENT' });
    expect(patients.weeks.every((w: any) => w.sent + w.accepted + w.expired === 0)).toBe(true);
    expect(patients.medianSecondsToAccept).toBeNull();

    // The organisation level adds up its deployments; the platform level everything.
    const owner = await as('organisation_owner@home.org');
    const org = await dashboard(owner, { o: world.home.organisation.id });
    expect(org.scopeType).toBe('ORGANISATION');
    expect(org.weeks.reduce((n: number, w: any) => n + w.sent, 0)).toBe(5);
    expect(org.staff).toBeGreaterThan(d.staff);
    const platform = await dashboard(await as('super_admin@home.org'), {});
    expect(platform.scopeType).toBe('PLATFORM');
    expect(platform.weeks.reduce((n: number, w: any) => n + w.accepted, 0)).toBe(2);

    // 90 days after the acceptances, the median has nothing left to say.
    api.clock.set(new Date('2026-03-23T10:00:00Z'));
    expect((await dashboard(await as('admin@home.org'), home())).medianSecondsToAccept).toBeNull();
  });

  it('needs staff:view at the scope, and says NOT_FOUND for another organisation', async () => {
    const contributor = await as('contributor@home.org');
    expect(await contributor.code(DASHBOARD, home())).toBe('FORBIDDEN');
    const deploymentStaff = await as('deployment_staff@home.org');
    expect((await dashboard(deploymentStaff, home())).scopeType).toBe('DEPLOYMENT');
    // A deployment member cannot see the organisation-wide or the second deployment's figures.
    expect(await deploymentStaff.code(DASHBOARD, { o: world.home.organisation.id })).toBe(
      'FORBIDDEN',
    );
    expect(
      await deploymentStaff.code(DASHBOARD, {
        o: world.home.organisation.id,
        d: world.home.second.id,
      }),
    ).toBe('NOT_FOUND');
    const owner = await as('organisation_owner@home.org');
    expect(await owner.code(DASHBOARD, { o: world.foreign.organisation.id })).toBe('NOT_FOUND');
    expect(
      await owner.code(DASHBOARD, { o: world.foreign.organisation.id, d: world.foreign.first.id }),
    ).toBe('NOT_FOUND');
    expect(
      await owner.code(DASHBOARD, { o: world.home.organisation.id, d: world.foreign.first.id }),
    ).toBe('NOT_FOUND');
    // Only platform staff see the platform-wide dashboard.
    expect(await owner.code(DASHBOARD, {})).toBe('FORBIDDEN');
    expect(await api.client().code(DASHBOARD, home())).toBe('UNAUTHENTICATED');
  });

  it('removes a user through removeStaffMember, with its last-Admin guard, and the counts follow', async () => {
    const owner = await as('organisation_owner@home.org');
    const admin = await as('admin@home.org');
    const em = api.orm.em.fork();
    const live = (key: string) =>
      em.findOneOrFail(RoleAssignmentEntity, {
        role: { key },
        deployment: world.home.first.id,
        endedAt: null,
      });
    const count = (d: any, key: string) =>
      d.usersByRole.find((r: any) => r.role.key === key)?.assignments ?? 0;
    expect(count(await dashboard(owner, home()), 'CONTRIBUTOR')).toBe(1);

    // Only Admins give (and so remove) Contributors.
    expect(await owner.code(REMOVE, { id: (await live('CONTRIBUTOR')).id })).toBe(
      'GRANT_NOT_ALLOWED',
    );
    await admin.ok(REMOVE, { id: (await live('CONTRIBUTOR')).id });
    const after = await dashboard(owner, home());
    expect(count(after, 'CONTRIBUTOR')).toBe(0);
    expect(after.staff).toBe(2);

    // The deployment's only Admin stays.
    expect(await owner.code(REMOVE, { id: (await live('ADMIN')).id })).toBe('LAST_KEEPER');
    expect(count(await dashboard(owner, home()), 'ADMIN')).toBe(1);
  });

  it('keeps the rollups equal to the invitations through inserts, updates and deletes', async () => {
    const em = api.orm.em.fork();
    const scopes = world.home.scopes;
    const made = [];
    for (let i = 0; i < 6; i++)
      made.push(
        await makeStaffInvitation(
          em,
          i % 2 ? scopes.organisation : scopes.first,
          'DEPLOYMENT_STAFF',
        ),
      );
    const conn = api.orm.em.getConnection();
    // Accept two (one of them an hour later), resend one (new expiry), revoke one, delete one; change a delivery status (no effect).
    await conn.execute(
      `update invitation set status = 'ACCEPTED', accepted_at = created_at + interval '90 minutes' where id in (?, ?)`,
      [made[0]!.id, made[1]!.id],
    );
    await conn.execute(
      `update invitation set accepted_at = accepted_at + interval '1 hour' where id = ?`,
      [made[1]!.id],
    );
    await conn.execute(
      `update invitation set expires_at = expires_at + interval '5 days' where id = ?`,
      [made[2]!.id],
    );
    await conn.execute(
      `update invitation set status = 'REVOKED', revoked_at = now() where id = ?`,
      [made[3]!.id],
    );
    await conn.execute(`delete from invitation where id = ?`, [made[4]!.id]);
    await conn.execute(`update invitation set delivery_status = 'SENT'`);

    const expected = await conn.execute(`
      select s.scope_id, i.kind, x.hour, sum(x.sent)::int as sent, sum(x.accepted)::int as accepted, sum(x.expiring)::int as expiring
        from invitation i
        cross join lateral (values ('00000000-0000-0000-0000-000000000000'::uuid), (i.organisation_id), (i.deployment_id)) s(scope_id)
        cross join lateral (values (date_trunc('hour', i.created_at, 'UTC'), 1, 0, 0),
                                   (case when i.status = 'ACCEPTED' then date_trunc('hour', i.accepted_at, 'UTC') end, 0, 1, 0),
                                   (case when i.status = 'PENDING' then date_trunc('hour', i.expires_at, 'UTC') end, 0, 0, 1)) x(hour, sent, accepted, expiring)
       where s.scope_id is not null and x.hour is not null
       group by 1, 2, 3 order by 1, 2, 3`);
    const summed = `select scope_id, kind, hour, sum(sent)::int as sent, sum(accepted)::int as accepted, sum(expiring)::int as expiring
        from invitation_stat group by 1, 2, 3 having (sum(sent), sum(accepted), sum(expiring)) <> (0, 0, 0) order by 1, 2, 3`;
    expect(await conn.execute(summed)).toEqual(expected);
    // The rows are deltas; compaction (the worker's job, or COMPACT_SQL for one scope) leaves one per key, same sums.
    const scopeIds = [
      '00000000-0000-0000-0000-000000000000',
      world.home.organisation.id,
      world.home.first.id,
    ];
    const perKey = async () =>
      (
        await conn.execute(
          `select count(*)::int as n from invitation_stat where scope_id in (?, ?, ?) group by scope_id, kind, hour order by 1 desc limit 1`,
          scopeIds,
        )
      )[0]?.n;
    expect(await perKey()).toBeGreaterThan(1);
    // The worker's periodic job compacts every scope that has rows to fold; a second run finds none.
    const compaction = rollupCompactionJob;
    expect(await compaction.run(undefined, api.jobContext)).toMatch(/^compacted [3-9] scopes$/);
    expect(await perKey()).toBe(1);
    expect(await compaction.run(undefined, api.jobContext)).toBe('compacted 0 scopes');
    for (const scopeId of scopeIds) {
      await conn.execute(COMPACT_SQL, [scopeId, scopeId, scopeId, scopeId]);
    }
    expect(await perKey()).toBe(1);
    expect(await conn.execute(summed)).toEqual(expected);
    const accepts = await conn.execute(
      `select scope_id, sum(accepted)::int as n, sum(total_ms)::bigint as ms from invitation_accept_stat group by 1 having sum(accepted) <> 0 order by 1`,
    );
    // Two acceptances (90 and 150 minutes) at the platform, the organisation and (one) the first deployment.
    expect(accepts.map((a: any) => [a.scope_id, a.n, Number(a.ms)])).toEqual(
      [
        ['00000000-0000-0000-0000-000000000000', 2, 240 * 60_000],
        [world.home.organisation.id, 2, 240 * 60_000],
        [world.home.first.id, 1, 90 * 60_000],
      ].sort((a, b) => String(a[0]).localeCompare(String(b[0]))),
    );
  });
});

describe('dashboard arithmetic', () => {
  it('starts weeks on Monday 00:00 UTC', () => {
    expect(weekStart(new Date('2026-03-08T23:59:59Z')).toISOString()).toBe(
      '2026-03-02T00:00:00.000Z',
    );
    expect(weekStart(new Date('2026-03-09T00:00:00Z')).toISOString()).toBe(
      '2026-03-09T00:00:00.000Z',
    );
    expect(WEEK).toBe(604_800_000);
  });

  it('takes the median of a histogram like percentile_cont over bucket means', () => {
    expect(histogramMedian([])).toBeNull();
    expect(
      histogramMedian([
        { n: 1, ms: 7_200_000 },
        { n: 1, ms: 14_400_000 },
      ]),
    ).toBe(10_800);
    expect(
      histogramMedian([
        { n: 3, ms: 3_000 },
        { n: 1, ms: 1_000_000 },
      ]),
    ).toBe(1);
  });
});
