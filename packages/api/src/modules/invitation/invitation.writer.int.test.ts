import { randomUUID } from 'node:crypto';
import { beforeEach, describe, expect, it } from 'vitest';
import { makePatient, makeStaffInvitation } from '../../../test/factories.js';
import { useTestApi, type TestApi } from '../../../test/harness.js';
import { makeWorld } from '../../../test/world.js';
import { AuditEventEntity } from '../audit/audit-event.entity.js';
import { hashToken } from '../auth/index.js';
import { EventEntity } from '../event/event.entity.js';
import { RoleEntity } from '../role/role.entity.js';
import { UserEntity } from '../user/user.entity.js';
import { InvitationDeliveryEntity } from '../delivery/index.js';
import { InvitationEntity } from './invitation.entity.js';
import { revokeInvitations, writeInvitations, type InvitationsWrite } from './invitation.writer.js';

const testApi = useTestApi();
let api: TestApi;
let world: Awaited<ReturnType<typeof makeWorld>>;
beforeEach(async () => {
  api = testApi();
  world = await makeWorld(api.orm.em.fork());
});

async function write(w: Omit<InvitationsWrite, 'inviter' | 'batchId' | 'now' | 'sealer' | 'ip'>) {
  const em = api.orm.em.fork();
  const admin = await em.findOneOrFail(UserEntity, { email: world.emails.ADMIN });
  return em.transactional((tx) =>
    writeInvitations(tx, {
      ...w,
      inviter: { userId: admin.id, email: admin.email ?? null },
      batchId: randomUUID(),
      now: api.clock.now(),
      sealer: api.sealer,
      ip: '203.0.113.9',
    }),
  );
}

const deployment = () => ({
  organisationId: world.home.organisation.id,
  deploymentId: world.home.first.id,
});

describe('writeInvitations', () => {
  it('creates the new staff invitations of a batch and reports the one already pending', async () => {
    const em = api.orm.em.fork();
    const pending = await makeStaffInvitation(em, world.home.scopes.first, 'DEPLOYMENT_STAFF');
    const role = await em.findOneOrFail(RoleEntity, { key: 'DEPLOYMENT_STAFF' });

    const results = await write({
      kind: 'STAFF',
      channel: 'EMAIL',
      expiryHours: 72,
      scope: deployment(),
      roleId: role.id,
      rows: [{ address: 'fresh@example.org' }, { address: pending.address }],
      after: { role: role.name },
    });

    expect(results[0]).toMatchObject({ created: true, invitationId: expect.any(String) });
    expect(results[1]).toEqual({ created: false, invitationId: pending.id });
    const made = results[0] as { invitationId: string; token: string };
    const invitation = await em.findOneOrFail(InvitationEntity, made.invitationId, {
      populate: ['tokenHash'],
    });
    expect(invitation).toMatchObject({
      kind: 'STAFF',
      channel: 'EMAIL',
      address: 'fresh@example.org',
      status: 'PENDING',
      expiryHours: 72,
      deliveryStatus: 'QUEUED',
    });
    expect(invitation.tokenHash).toBe(hashToken(made.token));
    expect(invitation.role?.id).toBe(role.id);
    expect(invitation.patient).toBeNull();

    // One first delivery, one audit row, one event: for the new invitation only.
    const deliveries = await em.find(InvitationDeliveryEntity, {});
    expect(deliveries.map((d) => [d.invitation.id, d.purpose, d.channel])).toEqual([
      [made.invitationId, 'INVITATION', 'EMAIL'],
    ]);
    const audits = await em.find(AuditEventEntity, { action: 'invitation.sent' });
    expect(audits).toHaveLength(1);
    expect(audits[0]).toMatchObject({
      actorEmail: world.emails.ADMIN,
      targetType: 'Invitation',
      targetId: made.invitationId,
      targetLabel: 'fresh@example.org',
      ip: '203.0.113.9',
      after: { role: 'Deployment Staff', expiresAt: invitation.expiresAt.toISOString() },
    });
    const events = await em.find(EventEntity, { type: 'invitation.created' });
    expect(events.map((e) => [e.subjectType, e.subjectId])).toEqual([
      ['Invitation', made.invitationId],
    ]);
  });

  it('does the same for patients by any channel, and names a helper as the subject', async () => {
    const em = api.orm.em.fork();
    const held = await makePatient(em, world.home.scopes.first, 'INVITED');
    const fresh = await makePatient(em, world.home.scopes.first, 'INVITED');
    const first = await write({
      kind: 'PATIENT',
      channel: 'SMS',
      expiryHours: 168,
      scope: deployment(),
      rows: [{ address: '+447700900001', patientId: held.id, fullName: 'Ada Held' }],
      after: { kind: 'PATIENT', channel: 'SMS' },
    });
    const heldId = (first[0] as { invitationId: string }).invitationId;

    const results = await write({
      kind: 'PATIENT',
      channel: 'SMS',
      expiryHours: 168,
      scope: deployment(),
      rows: [
        { address: '+447700900001', patientId: held.id, fullName: 'Ada Held' },
        { address: '+447700900002', patientId: fresh.id, fullName: 'Bo Fresh' },
      ],
      after: { kind: 'PATIENT', channel: 'SMS' },
    });
    expect(results[0]).toEqual({ created: false, invitationId: heldId });
    expect(results[1]).toMatchObject({ created: true });
    const made = (results[1] as { invitationId: string }).invitationId;
    expect(await em.findOneOrFail(InvitationEntity, made)).toMatchObject({
      kind: 'PATIENT',
      channel: 'SMS',
      expiryHours: 168,
      fullName: 'Bo Fresh',
      patient: { id: fresh.id },
    });
    const sent = await em.find(AuditEventEntity, { action: 'invitation.sent' });
    expect(sent).toHaveLength(2);
    expect(sent.map((a) => [a.targetId, a.after])).toEqual(
      expect.arrayContaining([
        [heldId, { kind: 'PATIENT', channel: 'SMS', expiresAt: expect.any(String) }],
        [made, { kind: 'PATIENT', channel: 'SMS', expiresAt: expect.any(String) }],
      ]),
    );
    const deliveries = await em.find(InvitationDeliveryEntity, { invitation: made });
    expect(deliveries.map((d) => d.channel)).toEqual(['SMS']);

    // A helper's invitation is audited as helper.invited on the helper, with the row's details.
    const helperId = randomUUID();
    const [helper] = await write({
      kind: 'PROXY',
      channel: 'EMAIL',
      expiryHours: 168,
      scope: deployment(),
      rows: [
        { address: 'carer@example.org', patientId: held.id, subjectId: helperId, after: { x: 1 } },
      ],
      audit: { action: 'helper.invited', subjectType: 'PatientHelper' },
      after: { patientId: held.id, relationship: 'Daughter' },
    });
    expect(helper).toMatchObject({ created: true });
    const invited = await em.findOneOrFail(AuditEventEntity, { action: 'helper.invited' });
    expect(invited).toMatchObject({
      targetType: 'PatientHelper',
      targetId: helperId,
      targetLabel: 'carer@example.org',
      after: { patientId: held.id, relationship: 'Daughter', x: 1, expiresAt: expect.any(String) },
    });
    expect(
      await em.count(EventEntity, { type: 'invitation.created', subjectType: 'PatientHelper' }),
    ).toBe(1);
  });
});

describe('revokeInvitations', () => {
  it('withdraws the open ones with an audit row each and leaves a used one as it is', async () => {
    const em = api.orm.em.fork();
    const open = await makeStaffInvitation(em, world.home.scopes.first, 'DEPLOYMENT_STAFF');
    const used = await makeStaffInvitation(em, world.home.scopes.first, 'DEPLOYMENT_STAFF');
    await em.nativeUpdate(InvitationEntity, used.id, { status: 'ACCEPTED' });
    const now = api.clock.now();
    const revoked = await em.transactional((tx) =>
      revokeInvitations(tx, {
        which: { ids: [open.id, used.id] },
        now,
        actor: { id: null, email: null },
        ip: null,
        after: { reason: 'TEST' },
      }),
    );
    expect(revoked).toEqual([open.id]);
    const fresh = api.orm.em.fork();
    expect(await fresh.findOneOrFail(InvitationEntity, open.id)).toMatchObject({
      status: 'REVOKED',
      revokedAt: now,
    });
    expect((await fresh.findOneOrFail(InvitationEntity, used.id)).status).toBe('ACCEPTED');
    const audits = await fresh.find(AuditEventEntity, { action: 'invitation.revoked' });
    expect(audits.map((a) => [a.targetId, a.after])).toEqual([[open.id, { reason: 'TEST' }]]);
    expect(await fresh.count(EventEntity, { type: 'invitation.revoked' })).toBe(1);
  });
});
