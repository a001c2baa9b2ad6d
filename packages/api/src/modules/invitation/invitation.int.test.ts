import { beforeEach, describe, expect, it } from 'vitest';
import { makeStaff, PASSWORD } from '../../../test/factories.js';
import { useTestApi, type GraphQLClient, type TestApi } from '../../../test/harness.js';
import { linkIn, tokenOf } from '../../../test/smtp.js';
import { makeWorld } from '../../../test/world.js';
import { AuditEventEntity } from '../audit/audit-event.entity.js';
import { RoleAssignmentEntity } from '../role/role-assignment.entity.js';
import { RoleEntity } from '../role/role.entity.js';
import { DeliveryAttemptEntity, InvitationDeliveryEntity } from '../delivery/index.js';
import { InvitationEntity } from './invitation.entity.js';

const testApi = useTestApi();
let api: TestApi;
let world: Awaited<ReturnType<typeof makeWorld>>;
beforeEach(async () => {
  api = testApi();
  world = await makeWorld(api.orm.em.fork());
});

const INVITE = `mutation($input: InviteStaffInput!) { inviteStaff(input: $input) { batchId invitedCount results { address outcome invitationId message link } } }`;
const PREVIEW = `query($token: String!) { invitation(token: $token) { state email organisationName deploymentName roleName inviterName accountExists } }`;
const ACCEPT = `mutation($token: String!, $fullName: String, $password: String, $acceptTerms: Boolean) {
  acceptInvitation(token: $token, fullName: $fullName, password: $password, acceptTerms: $acceptTerms) { email assignments { role { key } deployment { id } } } }`;
const LIST = `query($o: ID!, $d: ID, $status: InvitationStatus, $search: String) {
  staffInvitations(organisationId: $o, deploymentId: $d, status: $status, search: $search) {
    nodes { id email status role { key } deliveryStatus deliveryError sentCount remindedAt expiresAt invitedBy { fullName } viewerCan { resend revoke } } } }`;
const RESEND = `mutation($ids: [ID!]!) { resendInvitations(invitationIds: $ids) { invitationId ok code } }`;
const REVOKE = `mutation($ids: [ID!]!) { revokeInvitations(invitationIds: $ids) { invitationId ok code } }`;

const as = (email: string) => api.client().signIn(email, PASSWORD);
const roleId = async (key: string) =>
  (await api.orm.em.fork().findOneOrFail(RoleEntity, { key })).id;
const HOUR = 3_600_000;

async function invite(
  client: GraphQLClient,
  emails: string[],
  extra: Record<string, unknown> = {},
) {
  const input = {
    organisationId: world.home.organisation.id,
    deploymentId: world.home.first.id,
    emails,
    roleId: await roleId('DEPLOYMENT_STAFF'),
    ...extra,
  };
  return (await client.ok(INVITE, { input })).inviteStaff;
}
const mailTo = (address: string) => api.smtp.messages.filter((m) => m.to.includes(address));
const lastLink = (address: string) => linkIn(mailTo(address).at(-1)!);

describe('inviting staff by email', () => {
  it('sends a real email whose link previews without being used, then creates the account and signs in', async () => {
    const admin = await as('admin@home.org');
    const payload = await invite(admin, ['New.Nurse@Example.org ', 'second@example.org']);
    expect(payload.invitedCount).toBe(2);
    expect(payload.results.map((r: any) => [r.address, r.outcome])).toEqual([
      ['new.nurse@example.org', 'INVITED'],
      ['second@example.org', 'INVITED'],
    ]);
    expect(payload.results[0].link).toBeNull(); // links are only handed back for a single invite

    expect(await api.drain()).toMatchObject({ sent: 2, failed: 0 });
    const mail = mailTo('new.nurse@example.org')[0]!;
    expect(mail.subject).toContain('invited you to');
    expect(mail.text).toContain('Deployment Staff');
    expect(mail.raw).toMatch(/Content-Type: text\/html/);
    const token = tokenOf(lastLink('new.nurse@example.org'));

    const visitor = api.client();
    for (let i = 0; i < 2; i++) {
      expect((await visitor.ok(PREVIEW, { token })).invitation).toMatchObject({
        state: 'PENDING',
        email: 'new.nurse@example.org',
        deploymentName: 'First deployment',
        roleName: 'Deployment Staff',
        inviterName: expect.any(String),
        accountExists: false,
      });
    }
    expect(
      await visitor.code(ACCEPT, {
        token,
        fullName: 'Nia Nurse',
        password: 'short',
        acceptTerms: true,
      }),
    ).toBe('WEAK_PASSWORD');
    expect(
      await visitor.code(ACCEPT, {
        token,
        fullName: 'Nia Nurse',
        password: 'a long enough password',
        acceptTerms: false,
      }),
    ).toBe('TERMS_NOT_ACCEPTED');
    const { acceptInvitation } = await visitor.ok(ACCEPT, {
      token,
      fullName: 'Nia Nurse',
      password: 'a long enough password',
      acceptTerms: true,
    });
    expect(acceptInvitation.assignments).toEqual([
      { role: { key: 'DEPLOYMENT_STAFF' }, deployment: { id: world.home.first.id } },
    ]);
    // The cookie from accepting is a real session.
    expect((await visitor.ok('{ viewer { email } }')).viewer.email).toBe('new.nurse@example.org');
    expect((await visitor.ok(PREVIEW, { token })).invitation.state).toBe('ACCEPTED');
    expect(
      await api.client().code(ACCEPT, {
        token,
        fullName: 'X Y',
        password: 'a long enough password',
        acceptTerms: true,
      }),
    ).toBe('INVITATION_ALREADY_USED');

    const actions = (
      await api.orm.em.fork().find(AuditEventEntity, { action: { $like: 'invitation.%' } })
    )
      .map((e) => e.action)
      .sort();
    expect(actions).toEqual(['invitation.accepted', 'invitation.sent', 'invitation.sent']);
  });

  it('reports every address: invalid, repeated, already pending, already a member, yourself', async () => {
    const admin = await as('admin@home.org');
    await invite(admin, ['pending@example.org']);
    const { results } = await invite(admin, [
      'not-an-email',
      'pending@example.org',
      'deployment_staff@home.org',
      'admin@home.org',
      'fresh@example.org',
      'FRESH@example.org',
    ]);
    expect(results.map((r: any) => [r.address, r.outcome])).toEqual([
      ['not-an-email', 'INVALID'],
      ['pending@example.org', 'ALREADY_PENDING'],
      ['deployment_staff@home.org', 'ALREADY_MEMBER'],
      ['admin@home.org', 'NOT_ALLOWED'],
      ['fresh@example.org', 'INVITED'],
    ]);
    expect(results[1].invitationId).toEqual(expect.any(String));
    // Organisation-level staff are members of every deployment.
    const again = await invite(admin, ['organisation_staff@home.org']);
    expect(again.results[0].outcome).toBe('ALREADY_MEMBER');
  });

  it('returns the personal link when one person is invited', async () => {
    const { results } = await invite(await as('admin@home.org'), ['solo@example.org']);
    expect(results[0].link).toMatch(/^http:\/\/porter\.test\/invitations\/[A-Za-z0-9_-]{43}$/);
    const state = (await api.client().ok(PREVIEW, { token: tokenOf(results[0].link) })).invitation
      .state;
    expect(state).toBe('PENDING');
  });

  it('hands the inviter the QR code of a single invite, and nothing when several or none were invited', async () => {
    const QR = `mutation($input: InviteStaffInput!) { inviteStaff(input: $input) { results { outcome link qrSvg qrPng } } }`;
    const admin = await as('admin@home.org');
    const input = (emails: string[]) => ({
      organisationId: world.home.organisation.id,
      deploymentId: world.home.first.id,
      emails,
    });
    const roleIdOf = await roleId('DEPLOYMENT_STAFF');
    const [solo] = (
      await admin.ok(QR, { input: { ...input(['qr@example.org']), roleId: roleIdOf } })
    ).inviteStaff.results;
    expect(solo.link).toMatch(/\/invitations\//);
    expect(solo.qrSvg.startsWith('<svg')).toBe(true);
    expect(solo.qrPng.startsWith('data:image/png;base64,')).toBe(true);
    // The email still goes out, with the same link.
    expect(await api.drain()).toMatchObject({ sent: 1 });
    expect(lastLink('qr@example.org')).toBe(solo.link);
    // Already pending: no new token, so no link and no QR code.
    const [again] = (
      await admin.ok(QR, { input: { ...input(['qr@example.org']), roleId: roleIdOf } })
    ).inviteStaff.results;
    expect(again).toEqual({ outcome: 'ALREADY_PENDING', link: null, qrSvg: null, qrPng: null });
    const pair = (
      await admin.ok(QR, {
        input: { ...input(['a@example.org', 'b@example.org']), roleId: roleIdOf },
      })
    ).inviteStaff.results;
    expect(pair.map((r: any) => [r.link, r.qrSvg, r.qrPng])).toEqual([
      [null, null, null],
      [null, null, null],
    ]);
  });

  it('applies the grant rules to the chosen role', async () => {
    const ac = await as('access_controller@home.org');
    const input = {
      organisationId: world.home.organisation.id,
      deploymentId: world.home.first.id,
      emails: ['x@example.org'],
    };
    expect(await ac.code(INVITE, { input: { ...input, roleId: await roleId('ADMIN') } })).toBe(
      'GRANT_NOT_ALLOWED',
    );
    expect(
      await (
        await as('contributor@home.org')
      ).code(INVITE, { input: { ...input, roleId: await roleId('CONTRIBUTOR') } }),
    ).toBe('FORBIDDEN');
    expect(
      await ac.code(INVITE, {
        input: { ...input, roleId: await roleId('DEPLOYMENT_STAFF'), expiryHours: 48 },
      }),
    ).toBe('BAD_USER_INPUT');
    const foreign = {
      organisationId: world.foreign.organisation.id,
      deploymentId: world.foreign.first.id,
      emails: ['x@example.org'],
      roleId: await roleId('DEPLOYMENT_STAFF'),
    };
    expect(await ac.code(INVITE, { input: foreign })).toBe('NOT_FOUND');
  });
});

describe('accepting', () => {
  it('joins in one step when signed in with the invited email, and refuses another account without touching the invitation', async () => {
    await makeStaff(
      api.orm.em.fork(),
      'DEPLOYMENT_STAFF',
      world.home.scopes.second,
      'mover@home.org',
    );
    const { results } = await invite(await as('admin@home.org'), ['mover@home.org']);
    const token = tokenOf(results[0].link);

    const stranger = await as('contributor@home.org');
    expect(await stranger.code(ACCEPT, { token })).toBe('INVITATION_WRONG_ACCOUNT');
    expect(
      await api.client().code(ACCEPT, {
        token,
        fullName: 'M',
        password: 'a long enough password',
        acceptTerms: true,
      }),
    ).toBe('SIGN_IN_REQUIRED');
    expect((await api.client().ok(PREVIEW, { token })).invitation).toMatchObject({
      state: 'PENDING',
      accountExists: true,
    });

    const mover = await as('mover@home.org');
    const { acceptInvitation } = await mover.ok(ACCEPT, { token });
    expect(acceptInvitation.assignments.map((a: any) => a.deployment.id).sort()).toEqual(
      [world.home.first.id, world.home.second.id].sort(),
    );
  });

  it('makes one assignment when the same link is accepted twice at the same moment', async () => {
    await makeStaff(
      api.orm.em.fork(),
      'DEPLOYMENT_STAFF',
      world.home.scopes.second,
      'twice@home.org',
    );
    const { results } = await invite(await as('admin@home.org'), ['twice@home.org']);
    const token = tokenOf(results[0].link);
    const [a, b] = [await as('twice@home.org'), await as('twice@home.org')];
    const outcomes = await Promise.all([
      a.request(ACCEPT, { token }),
      b.request(ACCEPT, { token }),
    ]);
    const codes = outcomes.map((o) => o.errors?.[0]?.extensions?.code ?? 'OK').sort();
    expect(codes).toEqual(['INVITATION_ALREADY_USED', 'OK']);
    const live = await api.orm.em.fork().count(RoleAssignmentEntity, {
      user: { email: 'twice@home.org' },
      deployment: world.home.first.id,
      endedAt: null,
    });
    expect(live).toBe(1);

    // The same for two strangers creating the account at once.
    const second = await invite(await as('admin@home.org'), ['race@example.org']);
    const raceToken = tokenOf(second.results[0].link);
    const vars = {
      token: raceToken,
      fullName: 'Rae Race',
      password: 'a long enough password',
      acceptTerms: true,
    };
    const raced = await Promise.all([
      api.client().request(ACCEPT, vars),
      api.client().request(ACCEPT, vars),
    ]);
    expect(raced.filter((r) => !r.errors).length).toBe(1);
    expect(
      await api.orm.em.fork().count(RoleAssignmentEntity, { user: { email: 'race@example.org' } }),
    ).toBe(1);
  });

  it('refuses an expired invitation, decided by the server at acceptance', async () => {
    const { results } = await invite(await as('admin@home.org'), ['late@example.org'], {
      expiryHours: 24,
    });
    const token = tokenOf(results[0].link);
    api.clock.advance(24 * HOUR + 1000);
    expect((await api.client().ok(PREVIEW, { token })).invitation.state).toBe('EXPIRED');
    expect(
      await api.client().code(ACCEPT, {
        token,
        fullName: 'L L',
        password: 'a long enough password',
        acceptTerms: true,
      }),
    ).toBe('INVITATION_EXPIRED');
    const list = (
      await (
        await as('admin@home.org')
      ).ok(LIST, { o: world.home.organisation.id, d: world.home.first.id, status: 'EXPIRED' })
    ).staffInvitations.nodes;
    expect(list.map((i: any) => [i.email, i.status, i.viewerCan.resend])).toEqual([
      ['late@example.org', 'EXPIRED', true],
    ]);
  });

  it('says an unknown link is unknown', async () => {
    expect((await api.client().ok(PREVIEW, { token: 'x'.repeat(43) })).invitation.state).toBe(
      'NOT_FOUND',
    );
    expect(await api.client().code(ACCEPT, { token: 'x'.repeat(43) })).toBe('INVITATION_NOT_FOUND');
  });
});

describe('resending and revoking', () => {
  it('rotates the token on resend: the old link says it was replaced, the new one works, expiry restarts', async () => {
    const admin = await as('admin@home.org');
    const { results } = await invite(admin, ['again@example.org']);
    await api.drain();
    const first = tokenOf(lastLink('again@example.org'));
    api.clock.advance(10 * HOUR);
    expect(await admin.ok(RESEND, { ids: [results[0].invitationId] })).toEqual({
      resendInvitations: [{ invitationId: results[0].invitationId, ok: true, code: null }],
    });
    await api.drain();
    expect(mailTo('again@example.org')).toHaveLength(2);
    const second = tokenOf(lastLink('again@example.org'));
    expect(second).not.toBe(first);
    expect((await api.client().ok(PREVIEW, { token: first })).invitation.state).toBe('REPLACED');
    expect((await api.client().ok(PREVIEW, { token: second })).invitation.state).toBe('PENDING');
    const row = await api.orm.em
      .fork()
      .findOneOrFail(InvitationEntity, { id: results[0].invitationId });
    expect(row.expiresAt.getTime()).toBe(api.clock.now().getTime() + 72 * HOUR);
    expect(row.sentCount).toBe(2);
  });

  it('kills the link at once on revoke and skips the email still queued', async () => {
    const admin = await as('admin@home.org');
    const { results } = await invite(admin, ['gone@example.org']);
    const token = tokenOf(results[0].link);
    expect(
      (
        await admin.ok(REVOKE, {
          ids: [results[0].invitationId, '00000000-0000-0000-0000-000000000000'],
        })
      ).revokeInvitations,
    ).toEqual([
      { invitationId: results[0].invitationId, ok: true, code: null },
      { invitationId: '00000000-0000-0000-0000-000000000000', ok: false, code: 'NOT_FOUND' },
    ]);
    expect((await api.client().ok(PREVIEW, { token })).invitation.state).toBe('REVOKED');
    expect(await api.drain()).toMatchObject({ sent: 0, skipped: 1 });
    expect(mailTo('gone@example.org')).toHaveLength(0);
    expect(await admin.ok(RESEND, { ids: [results[0].invitationId] })).toMatchObject({
      resendInvitations: [{ ok: false, code: 'INVITATION_REVOKED' }],
    });
    expect(await api.orm.em.fork().count(AuditEventEntity, { action: 'invitation.revoked' })).toBe(
      1,
    );
  });

  it('does not let another organisation or a role without rights touch an invitation', async () => {
    const { results } = await invite(await as('admin@home.org'), ['mine@example.org']);
    const id = results[0].invitationId;
    expect(
      (await (await as('owner@foreign.org')).ok(REVOKE, { ids: [id] })).revokeInvitations[0].code,
    ).toBe('NOT_FOUND');
    // Both can see the deployment, neither may manage its staff.
    expect(
      (await (await as('contributor@home.org')).ok(REVOKE, { ids: [id] })).revokeInvitations[0]
        .code,
    ).toBe('FORBIDDEN');
    expect(
      (await (await as('organisation_staff@home.org')).ok(REVOKE, { ids: [id] }))
        .revokeInvitations[0].code,
    ).toBe('FORBIDDEN');
    expect(await api.orm.em.fork().count(InvitationEntity, { id, status: 'PENDING' })).toBe(1);
  });
});

describe('delivery', () => {
  it('retries a failed send with backoff, showing the error meanwhile, and records each attempt', async () => {
    const admin = await as('admin@home.org');
    const { results } = await invite(admin, ['flaky@example.org']);
    api.smtp.failNext(1);
    expect(await api.drain()).toMatchObject({ sent: 0, retried: 1 });
    let row = (
      await admin.ok(LIST, {
        o: world.home.organisation.id,
        d: world.home.first.id,
        search: 'flaky',
      })
    ).staffInvitations.nodes[0];
    expect(row).toMatchObject({
      deliveryStatus: 'QUEUED',
      deliveryError: expect.stringContaining('try again later'),
    });
    // Not due yet: nothing happens before the backoff.
    expect(await api.drain()).toMatchObject({ sent: 0, retried: 0 });
    api.clock.advance(31_000);
    expect(await api.drain()).toMatchObject({ sent: 1 });
    row = (
      await admin.ok(LIST, {
        o: world.home.organisation.id,
        d: world.home.first.id,
        search: 'flaky',
      })
    ).staffInvitations.nodes[0];
    expect(row).toMatchObject({ deliveryStatus: 'SENT', deliveryError: null, sentCount: 1 });
    const delivery = await api.orm.em
      .fork()
      .findOneOrFail(InvitationDeliveryEntity, { invitation: results[0].invitationId });
    expect(delivery).toMatchObject({
      status: 'SENT',
      attempts: 2,
      provider: 'smtp',
      sealedToken: null,
    });
    expect(delivery.providerId).toMatch(/@/);
    const attempts = await api.orm.em
      .fork()
      .find(DeliveryAttemptEntity, { delivery: delivery.id }, { orderBy: { attempt: 'asc' } });
    expect(attempts.map((a) => [a.attempt, a.outcome, a.provider])).toEqual([
      [1, 'FAILED', 'smtp'],
      [2, 'SENT', 'smtp'],
    ]);
    expect(attempts[0]!.error).toContain('try again later');
  });

  it('keeps retrying a temporary failure for the retry window (26 h), then fails visibly', async () => {
    const admin = await as('admin@home.org');
    await invite(admin, ['dead@example.org']);
    api.smtp.failNext(1_000);
    const list = async () =>
      (
        await admin.ok(LIST, {
          o: world.home.organisation.id,
          d: world.home.first.id,
          search: 'dead',
        })
      ).staffInvitations.nodes[0];
    // The old rule gave up after 5 attempts (about 8 minutes); now it is still queued after 25 h.
    for (let hour = 0; hour < 25; hour++) {
      await api.drain();
      api.clock.advance(HOUR);
    }
    expect(await list()).toMatchObject({ deliveryStatus: 'QUEUED' });
    for (let hour = 0; hour < 3; hour++) {
      await api.drain();
      api.clock.advance(HOUR);
    }
    const row = await list();
    expect(row).toMatchObject({
      deliveryStatus: 'FAILED',
      deliveryError: expect.stringMatching(
        /^Gave up after 2\d h and \d+ attempts: .*try again later/,
      ),
    });
    // Resending queues it again.
    api.smtp.failNext(0);
    await admin.ok(RESEND, { ids: [row.id] });
    await api.drain();
    expect(mailTo('dead@example.org')).toHaveLength(1);
  });

  it('fails an address the mail server refuses at once, saying why', async () => {
    const admin = await as('admin@home.org');
    await invite(admin, ['unknown@example.org']);
    api.smtp.failNext(1, { code: 550, message: '5.1.1 user unknown' });
    expect(await api.drain()).toMatchObject({ sent: 0, retried: 0, failed: 1 });
    const row = (
      await admin.ok(LIST, {
        o: world.home.organisation.id,
        d: world.home.first.id,
        search: 'unknown',
      })
    ).staffInvitations.nodes[0];
    expect(row).toMatchObject({
      deliveryStatus: 'FAILED',
      deliveryError: 'The mail server refused this address (550 5.1.1 user unknown)',
    });
  });

  it('delivers through the real Agenda worker too', async () => {
    await api.jobs.startWorker();
    await invite(await as('admin@home.org'), ['worker@example.org']);
    await expect.poll(() => mailTo('worker@example.org').length, { timeout: 10_000 }).toBe(1);
  });
});

describe('reminders', () => {
  it('chase once, 24 hours before expiry, with a fresh link, and show when', async () => {
    const admin = await as('admin@home.org');
    await invite(admin, ['slow@example.org']);
    await invite(admin, ['quick@example.org'], { expiryHours: 24 });
    await api.drain();
    expect(await api.remind()).toBe(0);
    api.clock.advance(49 * HOUR);
    expect(await api.remind()).toBe(1);
    expect(await api.remind()).toBe(0);
    await api.drain();
    const reminders = mailTo('slow@example.org');
    expect(reminders).toHaveLength(2);
    expect(reminders[1]!.subject).toMatch(/^Reminder/);
    expect(
      (await api.client().ok(PREVIEW, { token: tokenOf(linkIn(reminders[1]!)) })).invitation.state,
    ).toBe('PENDING');
    expect(
      (await api.client().ok(PREVIEW, { token: tokenOf(linkIn(reminders[0]!)) })).invitation.state,
    ).toBe('REPLACED');
    const row = (
      await admin.ok(LIST, {
        o: world.home.organisation.id,
        d: world.home.first.id,
        search: 'slow',
      })
    ).staffInvitations.nodes[0];
    expect(row.remindedAt).not.toBeNull();
    expect(mailTo('quick@example.org')).toHaveLength(1);
    expect(await api.orm.em.fork().count(AuditEventEntity, { action: 'invitation.reminded' })).toBe(
      1,
    );
  });
});

describe('reminders behind an outage', () => {
  it('keep the original link working while the reminder waits, and switch links once it is sent', async () => {
    const admin = await as('admin@home.org');
    await invite(admin, ['outage@example.org']);
    await api.drain();
    const original = tokenOf(lastLink('outage@example.org'));
    api.clock.advance(49 * HOUR);
    expect(await api.remind()).toBe(1);
    const state = async (token: string) =>
      (await api.client().ok(PREVIEW, { token })).invitation.state;
    // Queued, not sent: the link the person already has still works.
    expect(await state(original)).toBe('PENDING');
    api.smtp.failNext(1);
    expect(await api.drain()).toMatchObject({ sent: 0, retried: 1 });
    expect(mailTo('outage@example.org')).toHaveLength(1);
    expect(await state(original)).toBe('PENDING');
    api.clock.advance(60_000);
    expect(await api.drain()).toMatchObject({ sent: 1 });
    const reminder = mailTo('outage@example.org')[1]!;
    expect(reminder.subject).toMatch(/^Reminder/);
    expect(await state(tokenOf(linkIn(reminder)))).toBe('PENDING');
    expect(await state(original)).toBe('REPLACED');
    // The sealed token is wiped once sent, as for every delivery.
    const delivery = await api.orm.em
      .fork()
      .findOneOrFail(InvitationDeliveryEntity, { purpose: 'REMINDER' });
    expect(delivery).toMatchObject({ status: 'SENT', sealedToken: null });
    await api.client().ok(ACCEPT, {
      token: tokenOf(linkIn(reminder)),
      fullName: 'Olga Outage',
      password: 'a long enough password',
      acceptTerms: true,
    });
  });

  it('accept the original link while the reminder waits; the reminder is then not sent', async () => {
    const admin = await as('admin@home.org');
    await invite(admin, ['early@example.org']);
    await api.drain();
    const original = tokenOf(lastLink('early@example.org'));
    api.clock.advance(49 * HOUR);
    expect(await api.remind()).toBe(1);
    await api.client().ok(ACCEPT, {
      token: original,
      fullName: 'Eve Early',
      password: 'a long enough password',
      acceptTerms: true,
    });
    expect(await api.drain()).toMatchObject({ sent: 0, skipped: 1 });
    expect(mailTo('early@example.org')).toHaveLength(1);
  });

  it('give way to a resend made while the reminder waits', async () => {
    const admin = await as('admin@home.org');
    const { results } = await invite(admin, ['both@example.org']);
    await api.drain();
    api.clock.advance(49 * HOUR);
    expect(await api.remind()).toBe(1);
    await admin.ok(RESEND, { ids: [results[0].invitationId] });
    expect(await api.drain()).toMatchObject({ sent: 1, skipped: 1 });
    const mails = mailTo('both@example.org');
    expect(mails).toHaveLength(2);
    expect(mails[1]!.subject).not.toMatch(/^Reminder/);
    expect(
      (await api.client().ok(PREVIEW, { token: tokenOf(linkIn(mails[1]!)) })).invitation.state,
    ).toBe('PENDING');
    expect(
      (await api.client().ok(PREVIEW, { token: tokenOf(linkIn(mails[0]!)) })).invitation.state,
    ).toBe('REPLACED');
  });
});

describe('the pending list', () => {
  it('lists an organisation’s pending invitations across deployments for staff:view holders only', async () => {
    const admin = await as('admin@home.org');
    await invite(admin, ['one@example.org', 'two@example.org']);
    const owner = await as('organisation_owner@home.org');
    const nodes = (await owner.ok(LIST, { o: world.home.organisation.id })).staffInvitations.nodes;
    expect(nodes.map((n: any) => n.email).sort()).toEqual(['one@example.org', 'two@example.org']);
    expect(nodes[0]).toMatchObject({
      status: 'PENDING',
      role: { key: 'DEPLOYMENT_STAFF' },
      invitedBy: { fullName: expect.any(String) },
    });
    // Owners may not give Deployment Staff, so they may not resend it either.
    expect(nodes[0].viewerCan).toEqual({ resend: false, revoke: false });
    expect(
      (await admin.ok(LIST, { o: world.home.organisation.id, d: world.home.first.id }))
        .staffInvitations.nodes[0].viewerCan,
    ).toEqual({ resend: true, revoke: true });
    expect(
      await (
        await as('contributor@home.org')
      ).code(LIST, { o: world.home.organisation.id, d: world.home.first.id }),
    ).toBe('FORBIDDEN');
    expect(
      await (await as('owner@foreign.org')).code(LIST, { o: world.home.organisation.id }),
    ).toBe('NOT_FOUND');
  });
});
