import { beforeEach, describe, expect, it } from 'vitest';
import { makeStaff, makeUser, PASSWORD } from '../../../test/factories.js';
import { useTestApi, type GraphQLClient, type TestApi } from '../../../test/harness.js';
import { makeWorld } from '../../../test/world.js';
import { AuditEventEntity } from '../audit/audit-event.entity.js';
import { RoleAssignmentEntity } from '../role/role-assignment.entity.js';
import { RoleEntity } from '../role/role.entity.js';
import { UserEntity } from '../user/user.entity.js';
import { InviteLinkEntity } from './invite-link.entity.js';
import { makeInviteLink } from './invite-link.factory.js';
import { sendInviteLinkReminders } from './invite-link.jobs.js';

const testApi = useTestApi();
let api: TestApi;
let world: Awaited<ReturnType<typeof makeWorld>>;
beforeEach(async () => {
  api = testApi();
  world = await makeWorld(api.orm.em.fork());
});

const HOUR = 3_600_000;
const LINK_FIELDS = `id kind role { id name } deploymentName label url state expiresAt expiryHours maxUses useCount createdBy { fullName } qrSvg qrPng
  joins { id fullName email joinedAt patientId userId } unfinishedCount`;
const CREATE = `mutation($input: CreateStaffInviteLinkInput!) { createStaffInviteLink(input: $input) { ${LINK_FIELDS} } }`;
const LIST = `query($o: ID!, $d: ID) { staffInviteLinks(organisationId: $o, deploymentId: $d) { ${LINK_FIELDS} } }`;
const ROLES = `query($o: ID!, $d: ID) { staffInviteLinkRoles(organisationId: $o, deploymentId: $d) { id key name } }`;
const REVOKE = `mutation($id: ID!) { revokeInviteLink(id: $id) { id state } }`;
const ROTATE = `mutation($id: ID!) { rotateInviteLink(id: $id) { id state url } }`;
const PATIENT_LINKS = `query($o: ID!, $d: ID!) { patientInviteLinks(organisationId: $o, deploymentId: $d) { id } }`;
const PREVIEW = `query($token: String!) { inviteLink(token: $token) { state kind roleName organisationName deploymentName expiresAt } }`;
const REQUEST = `mutation($token: String!, $email: String!) { requestJoinCode(token: $token, email: $email) { sentTo } }`;
const VERIFY = `mutation($token: String!, $email: String!, $code: String!) { verifyJoinCode(token: $token, email: $email, code: $code) { ticket } }`;
const JOIN = `mutation($ticket: String!, $fullName: String, $password: String, $acceptTerms: Boolean) {
  joinWithTicket(ticket: $ticket, fullName: $fullName, password: $password, acceptTerms: $acceptTerms) { id email fullName } }`;

const NEW_PASSWORD = 'a long enough password';
const as = (email: string) => api.client().signIn(email, PASSWORD);
const em = () => api.orm.em.fork();
const tokenOf = (url: string) => url.split('/join/')[1]!;
const first = () => ({
  organisationId: world.home.organisation.id,
  deploymentId: world.home.first.id,
});
const listFirst = () => ({ o: world.home.organisation.id, d: world.home.first.id });
const org = () => ({ organisationId: world.home.organisation.id, deploymentId: null });
const roleId = async (key: string) => (await em().findOneOrFail(RoleEntity, { key })).id;
const mailTo = (address: string) => api.smtp.messages.filter((m) => m.to.includes(address));
const codeIn = (address: string) => {
  const code = /\b(\d{6})\b/.exec(mailTo(address).at(-1)?.text ?? '')?.[1];
  if (!code) throw new Error(`No code for ${address}`);
  return code;
};

async function createLink(client: GraphQLClient, input: Record<string, unknown>) {
  return (await client.ok(CREATE, { input })).createStaffInviteLink;
}

async function ticketFor(visitor: GraphQLClient, token: string, email: string): Promise<string> {
  await visitor.ok(REQUEST, { token, email });
  return (await visitor.ok(VERIFY, { token, email, code: codeIn(email) })).verifyJoinCode.ticket;
}

const liveAssignment = (email: string) =>
  em().findOne(
    RoleAssignmentEntity,
    { user: { email }, endedAt: null },
    { populate: ['role', 'deployment', 'grantedBy'] },
  );

async function customRole(permissions: string[]) {
  const e = em();
  const role = e.create(RoleEntity, {
    organisation: world.home.organisation.id,
    name: `Custom ${permissions.join(' ')}`,
    permissions,
    scopes: ['ORGANISATION', 'DEPLOYMENT'],
    grants: [],
  });
  await e.flush();
  return role.id;
}

describe('creating and listing staff invite links', () => {
  it('makes a deployment link for a non-admin role, with its QR code, listed for that scope only', async () => {
    const admin = await as('admin@home.org');
    const link = await createLink(admin, {
      ...first(),
      roleId: await roleId('DEPLOYMENT_STAFF'),
      maxUses: 5,
      label: ' New  nurses ',
    });
    expect(link).toMatchObject({
      kind: 'STAFF',
      role: { name: 'Deployment Staff' },
      deploymentName: 'First deployment',
      label: 'New nurses',
      state: 'ACTIVE',
      expiryHours: 72,
      maxUses: 5,
      useCount: 0,
      joins: [],
    });
    expect(link.url).toMatch(/^http:\/\/porter\.test\/join\/[A-Za-z0-9_-]{43}$/);
    expect(link.qrSvg.startsWith('<svg')).toBe(true);
    expect(link.qrPng.startsWith('data:image/png;base64,')).toBe(true);
    expect(new Date(link.expiresAt).getTime() - api.clock.now().getTime()).toBe(72 * HOUR);

    expect((await admin.ok(LIST, listFirst())).staffInviteLinks.map((l: any) => l.id)).toEqual([
      link.id,
    ]);
    // Not among the organisation's own links, nor the patient links of the deployment.
    const controller = await as('access_controller@home.org');
    expect((await controller.ok(LIST, { o: world.home.organisation.id })).staffInviteLinks).toEqual(
      [],
    );
    expect(
      (await admin.ok(PATIENT_LINKS, { o: world.home.organisation.id, d: world.home.first.id }))
        .patientInviteLinks,
    ).toEqual([]);
    const audit = await em().findOneOrFail(AuditEventEntity, {
      action: 'invite-link.created',
      targetId: link.id,
    });
    expect(audit.after).toMatchObject({ kind: 'STAFF', role: 'Deployment Staff', maxUses: 5 });
    expect(audit.deploymentId).toBe(world.home.first.id);
  });

  it('offers only the grantable non-admin roles', async () => {
    const admin = await as('admin@home.org');
    const careRole = await customRole(['patient:view', 'patient:manage']);
    await customRole(['patient:view', 'staff:manage']);
    const roles = (await admin.ok(ROLES, { o: world.home.organisation.id, d: world.home.first.id }))
      .staffInviteLinkRoles;
    expect(roles.map((r: any) => r.key ?? r.id).sort()).toEqual(
      ['CONTRIBUTOR', 'DEPLOYMENT_STAFF', careRole].sort(),
    );
    const controller = await as('access_controller@home.org');
    expect(
      (await controller.ok(ROLES, { o: world.home.organisation.id })).staffInviteLinkRoles
        .map((r: any) => r.key ?? 'custom')
        .sort(),
    ).toEqual(['ORGANISATION_STAFF', 'custom']);
    const contributor = await as('contributor@home.org');
    expect(
      (await contributor.ok(ROLES, { o: world.home.organisation.id, d: world.home.first.id }))
        .staffInviteLinkRoles,
    ).toEqual([]);
    expect(
      await (await as('admin@foreign.org')).code(ROLES, { o: world.home.organisation.id }),
    ).toBe('NOT_FOUND');
  });

  it('refuses admin roles, bad values, viewers without staff:manage, and other tenants', async () => {
    const admin = await as('admin@home.org');
    expect(await admin.code(CREATE, { input: { ...first(), roleId: await roleId('ADMIN') } })).toBe(
      'ROLE_NOT_LINKABLE',
    );
    expect(
      await admin.code(CREATE, {
        input: { ...first(), roleId: await customRole(['patient:view', 'role:manage']) },
      }),
    ).toBe('ROLE_NOT_LINKABLE');
    const controller = await as('access_controller@home.org');
    expect(
      await controller.code(CREATE, {
        input: { ...org(), roleId: await roleId('ACCESS_CONTROLLER') },
      }),
    ).toBe('ROLE_NOT_LINKABLE');
    // Grant rules still apply: an Admin may not give Organisation Staff at a deployment.
    expect(
      await admin.code(CREATE, {
        input: { ...first(), roleId: await roleId('ORGANISATION_STAFF') },
      }),
    ).toBe('ROLE_SCOPE_NOT_ALLOWED');
    expect(
      await admin.code(CREATE, {
        input: { ...first(), roleId: await roleId('DEPLOYMENT_STAFF'), expiryHours: 48 },
      }),
    ).toBe('BAD_USER_INPUT');
    expect(
      await admin.code(CREATE, {
        input: { ...first(), roleId: await roleId('DEPLOYMENT_STAFF'), maxUses: 0 },
      }),
    ).toBe('BAD_USER_INPUT');
    expect(await admin.code(CREATE, { input: { ...first(), roleId: 'not-a-role' } })).toBe(
      'NOT_FOUND',
    );

    const link = await createLink(admin, { ...first(), roleId: await roleId('DEPLOYMENT_STAFF') });
    for (const email of ['contributor@home.org', 'deployment_staff@home.org']) {
      const client = await as(email);
      expect(
        await client.code(CREATE, { input: { ...first(), roleId: await roleId('CONTRIBUTOR') } }),
      ).toBe('FORBIDDEN');
      expect(await client.code(LIST, listFirst())).toBe('FORBIDDEN');
      expect(await client.code(REVOKE, { id: link.id })).toBe('FORBIDDEN');
      expect(await client.code(ROTATE, { id: link.id })).toBe('FORBIDDEN');
    }
    const foreign = await as('admin@foreign.org');
    expect(
      await foreign.code(CREATE, {
        input: { ...first(), roleId: await roleId('DEPLOYMENT_STAFF') },
      }),
    ).toBe('NOT_FOUND');
    expect(await foreign.code(LIST, listFirst())).toBe('NOT_FOUND');
    expect(await foreign.code(REVOKE, { id: link.id })).toBe('NOT_FOUND');
    expect(await foreign.code(ROTATE, { id: link.id })).toBe('NOT_FOUND');
    // A custom role of another organisation is unknown here.
    const foreignOwner = await as('owner@foreign.org');
    const foreignRole = (
      await foreignOwner.ok(
        `mutation($o: ID!) { createRole(organisationId: $o, input: { name: "Theirs" }) { id } }`,
        { o: world.foreign.organisation.id },
      )
    ).createRole.id;
    expect(await admin.code(CREATE, { input: { ...first(), roleId: foreignRole } })).toBe(
      'NOT_FOUND',
    );
    // Staff links are not patient links: patient:manage alone does not revoke them.
    expect(await (await as('deployment_staff@home.org')).code(REVOKE, { id: link.id })).toBe(
      'FORBIDDEN',
    );
    expect((await em().findOneOrFail(InviteLinkEntity, { id: link.id })).status).toBe('ACTIVE');
  });
});

describe('joining through a staff link', () => {
  it('confirms the email with a code, creates the account and gives the role at the deployment', async () => {
    const admin = await as('admin@home.org');
    const link = await createLink(admin, { ...first(), roleId: await roleId('DEPLOYMENT_STAFF') });
    const token = tokenOf(link.url);
    const visitor = api.client();
    expect((await visitor.ok(PREVIEW, { token })).inviteLink).toMatchObject({
      state: 'ACTIVE',
      kind: 'STAFF',
      roleName: 'Deployment Staff',
      organisationName: world.home.organisation.name,
      deploymentName: 'First deployment',
    });
    const ticket = await ticketFor(visitor, token, 'nurse@example.org');
    // The code email speaks to staff: the organisation, not a care team.
    const codeMail = mailTo('nurse@example.org').at(-1)!.text;
    expect(codeMail).toContain(`Organisation: ${world.home.organisation.name}`);
    expect(codeMail).not.toContain('Care team');
    expect(mailTo('nurse@example.org')[0]!.subject).toMatch(
      /^Your code to join First deployment: \d{6}$/,
    );
    expect(
      await visitor.code(JOIN, {
        ticket,
        fullName: 'Nina Nurse',
        password: 'short',
        acceptTerms: true,
      }),
    ).toBe('WEAK_PASSWORD');
    expect(
      await visitor.code(JOIN, {
        ticket,
        fullName: 'Nina Nurse',
        password: NEW_PASSWORD,
        acceptTerms: false,
      }),
    ).toBe('TERMS_NOT_ACCEPTED');
    const { joinWithTicket } = await visitor.ok(JOIN, {
      ticket,
      fullName: 'Nina Nurse',
      password: NEW_PASSWORD,
      acceptTerms: true,
    });
    expect(joinWithTicket).toMatchObject({ email: 'nurse@example.org', fullName: 'Nina Nurse' });
    const { viewer } = await visitor.ok('{ viewer { email } }');
    expect(viewer.email).toBe('nurse@example.org');

    const assignment = await liveAssignment('nurse@example.org');
    expect(assignment).toMatchObject({
      scopeType: 'DEPLOYMENT',
      role: { key: 'DEPLOYMENT_STAFF' },
    });
    expect(assignment!.deployment!.id).toBe(world.home.first.id);
    expect(assignment!.grantedBy!.email).toBe('admin@home.org');

    const [listed] = (await admin.ok(LIST, listFirst())).staffInviteLinks;
    expect(listed.useCount).toBe(1);
    expect(listed.joins).toEqual([
      {
        id: expect.any(String),
        fullName: 'Nina Nurse',
        email: 'nurse@example.org',
        joinedAt: expect.any(String),
        patientId: null,
        userId: joinWithTicket.id,
      },
    ]);
    expect(
      await em().count(AuditEventEntity, {
        action: 'invite-link.joined',
        targetId: joinWithTicket.id,
      }),
    ).toBe(1);
    const granted = await em().findOneOrFail(AuditEventEntity, {
      action: 'role.granted',
      targetId: joinWithTicket.id,
    });
    expect(granted.after).toMatchObject({
      role: 'Deployment Staff',
      via: 'invite-link',
      linkId: link.id,
    });
    expect(
      await api
        .client()
        .code(JOIN, { ticket, fullName: 'Nina Nurse', password: NEW_PASSWORD, acceptTerms: true }),
    ).toBe('CODE_EXPIRED');
  });

  it('joins an organisation-level link at the organisation', async () => {
    const controller = await as('access_controller@home.org');
    const link = await createLink(controller, {
      ...org(),
      roleId: await roleId('ORGANISATION_STAFF'),
      expiryHours: 168,
    });
    expect(link.deploymentName).toBeNull();
    const token = tokenOf(link.url);
    const visitor = api.client();
    expect((await visitor.ok(PREVIEW, { token })).inviteLink).toMatchObject({
      kind: 'STAFF',
      roleName: 'Organisation Staff',
      deploymentName: null,
    });
    const ticket = await ticketFor(visitor, token, 'office@example.org');
    expect(mailTo('office@example.org')[0]!.subject).toContain(
      `join ${world.home.organisation.name}`,
    );
    await visitor.ok(JOIN, {
      ticket,
      fullName: 'Olly Office',
      password: NEW_PASSWORD,
      acceptTerms: true,
    });
    const assignment = await liveAssignment('office@example.org');
    expect(assignment).toMatchObject({
      scopeType: 'ORGANISATION',
      deployment: null,
      role: { key: 'ORGANISATION_STAFF' },
    });
  });

  it('lets an existing account join after signing in, and tells members they are in already', async () => {
    const { link, token } = await makeInviteLink(em(), api.sealer, first(), {
      roleId: await roleId('CONTRIBUTOR'),
      now: api.clock.now(),
    });
    await makeUser(em(), 'known@example.org', 'Known Person');
    const visitor = api.client();
    const ticket = await ticketFor(visitor, token, 'known@example.org');
    expect(
      await visitor.code(JOIN, {
        ticket,
        fullName: 'X',
        password: NEW_PASSWORD,
        acceptTerms: true,
      }),
    ).toBe('SIGN_IN_REQUIRED');
    await visitor.signIn('known@example.org', PASSWORD);
    expect((await visitor.ok(JOIN, { ticket })).joinWithTicket.email).toBe('known@example.org');
    expect(await em().count(UserEntity, { email: 'known@example.org' })).toBe(1);
    expect((await liveAssignment('known@example.org'))?.role.key).toBe('CONTRIBUTOR');

    // Someone with a role here already gets a "sign in" email and no code.
    api.smtp.messages.length = 0;
    await visitor.ok(REQUEST, { token, email: 'deployment_staff@home.org' });
    expect(mailTo('deployment_staff@home.org')[0]!.subject).toBe(
      'You are already registered with First deployment',
    );
    expect(() => codeIn('deployment_staff@home.org')).toThrow();

    // Becoming a member between the code and the join: refused, no use taken.
    const late = api.client();
    const lateTicket = await ticketFor(late, token, 'late@example.org');
    const user = await makeStaff(
      em(),
      'DEPLOYMENT_STAFF',
      world.home.scopes.first,
      'late@example.org',
    );
    expect(user).toBeTruthy();
    await late.signIn('late@example.org', PASSWORD);
    expect(await late.code(JOIN, { ticket: lateTicket })).toBe('ALREADY_MEMBER');
    expect((await em().findOneOrFail(InviteLinkEntity, { id: link.id })).useCount).toBe(1);
  });

  it('stops revoked, expired and used-up links, and links whose role became an admin role', async () => {
    const admin = await as('admin@home.org');
    const revoked = await createLink(admin, {
      ...first(),
      roleId: await roleId('DEPLOYMENT_STAFF'),
    });
    const visitor = api.client();
    const ticket = await ticketFor(visitor, tokenOf(revoked.url), 'rev@example.org');
    expect((await admin.ok(REVOKE, { id: revoked.id })).revokeInviteLink.state).toBe('REVOKED');
    expect((await visitor.ok(PREVIEW, { token: tokenOf(revoked.url) })).inviteLink.state).toBe(
      'REVOKED',
    );
    expect(
      await visitor.code(REQUEST, { token: tokenOf(revoked.url), email: 'other@example.org' }),
    ).toBe('LINK_REVOKED');
    expect(
      await visitor.code(JOIN, {
        ticket,
        fullName: 'Rev',
        password: NEW_PASSWORD,
        acceptTerms: true,
      }),
    ).toBe('LINK_REVOKED');
    expect(
      await em().count(AuditEventEntity, { action: 'invite-link.revoked', targetId: revoked.id }),
    ).toBe(1);

    const expiring = await makeInviteLink(em(), api.sealer, first(), {
      roleId: await roleId('CONTRIBUTOR'),
      expiryHours: 24,
      now: api.clock.now(),
    });
    const full = await makeInviteLink(em(), api.sealer, first(), {
      roleId: await roleId('CONTRIBUTOR'),
      maxUses: 1,
      now: api.clock.now(),
    });
    await visitor.ok(JOIN, {
      ticket: await ticketFor(visitor, full.token, 'one@example.org'),
      fullName: 'One',
      password: NEW_PASSWORD,
      acceptTerms: true,
    });
    expect((await api.client().ok(PREVIEW, { token: full.token })).inviteLink.state).toBe('FULL');
    expect(await api.client().code(REQUEST, { token: full.token, email: 'two@example.org' })).toBe(
      'LINK_FULL',
    );
    api.clock.advance(25 * HOUR);
    expect(
      await api.client().code(REQUEST, { token: expiring.token, email: 'late@example.org' }),
    ).toBe('LINK_EXPIRED');

    // A custom role edited to manage staff after the link was made: the link stops giving it.
    const careRole = await customRole(['patient:view']);
    const edited = await makeInviteLink(em(), api.sealer, first(), {
      roleId: careRole,
      now: api.clock.now(),
    });
    const editedTicket = await ticketFor(api.client(), edited.token, 'edit@example.org');
    const e = em();
    const role = await e.findOneOrFail(RoleEntity, { id: careRole });
    role.permissions = ['patient:view', 'staff:manage'];
    await e.flush();
    expect((await api.client().ok(PREVIEW, { token: edited.token })).inviteLink.state).toBe(
      'REVOKED',
    );
    expect(
      await api.client().code(JOIN, {
        ticket: editedTicket,
        fullName: 'Ed',
        password: NEW_PASSWORD,
        acceptTerms: true,
      }),
    ).toBe('LINK_REVOKED');
    expect(await liveAssignment('edit@example.org')).toBeNull();
  });

  it('stops a link once its maker may no longer give the role there', async () => {
    const admin = await as('admin@home.org');
    const link = await createLink(admin, { ...first(), roleId: await roleId('DEPLOYMENT_STAFF') });
    const visitor = api.client();
    const ticket = await ticketFor(visitor, tokenOf(link.url), 'after@example.org');
    // The Admin who made it leaves the team.
    const e = em();
    const assignment = await e.findOneOrFail(RoleAssignmentEntity, {
      user: { email: 'admin@home.org' },
      endedAt: null,
    });
    assignment.endedAt = api.clock.now();
    await e.flush();
    expect(
      await visitor.code(JOIN, {
        ticket,
        fullName: 'After',
        password: NEW_PASSWORD,
        acceptTerms: true,
      }),
    ).toBe('LINK_REVOKED');
    expect(await liveAssignment('after@example.org')).toBeNull();
    expect(await em().count(UserEntity, { email: 'after@example.org' })).toBe(0);
  });

  it('rotates a staff link: the old address says replaced', async () => {
    const admin = await as('admin@home.org');
    const link = await createLink(admin, { ...first(), roleId: await roleId('DEPLOYMENT_STAFF') });
    const rotated = (await admin.ok(ROTATE, { id: link.id })).rotateInviteLink;
    expect(rotated.url).not.toBe(link.url);
    expect((await api.client().ok(PREVIEW, { token: tokenOf(link.url) })).inviteLink.state).toBe(
      'REPLACED',
    );
    expect((await api.client().ok(PREVIEW, { token: tokenOf(rotated.url) })).inviteLink.state).toBe(
      'ACTIVE',
    );
  });

  it('ends the tickets obtained through the old address of a rotated staff link', async () => {
    const admin = await as('admin@home.org');
    const link = await createLink(admin, { ...first(), roleId: await roleId('DEPLOYMENT_STAFF') });
    const visitor = api.client();
    const ticket = await ticketFor(visitor, tokenOf(link.url), 'old-url@example.org');
    api.clock.advance(60_000);
    const rotated = (await admin.ok(ROTATE, { id: link.id })).rotateInviteLink;
    const join = { fullName: 'Olive Oldurl', password: NEW_PASSWORD, acceptTerms: true };
    expect(await visitor.code(JOIN, { ticket, ...join })).toBe('LINK_REPLACED');
    expect(await liveAssignment('old-url@example.org')).toBeNull();
    api.clock.advance(60_000);
    const fresh = await ticketFor(visitor, tokenOf(rotated.url), 'old-url@example.org');
    await visitor.ok(JOIN, { ticket: fresh, ...join });
    expect(await liveAssignment('old-url@example.org')).not.toBeNull();
  });

  it('gives the last use to exactly one of two people joining at the same moment', async () => {
    const { link, token } = await makeInviteLink(em(), api.sealer, first(), {
      roleId: await roleId('DEPLOYMENT_STAFF'),
      maxUses: 1,
      now: api.clock.now(),
    });
    const a = api.client();
    const b = api.client();
    const ticketA = await ticketFor(a, token, 'race-a@example.org');
    const ticketB = await ticketFor(b, token, 'race-b@example.org');
    const results = await Promise.all([
      a.request(JOIN, {
        ticket: ticketA,
        fullName: 'Racer A',
        password: NEW_PASSWORD,
        acceptTerms: true,
      }),
      b.request(JOIN, {
        ticket: ticketB,
        fullName: 'Racer B',
        password: NEW_PASSWORD,
        acceptTerms: true,
      }),
    ]);
    expect(results.map((r) => r.errors?.[0]?.extensions?.code ?? 'JOINED').sort()).toEqual([
      'JOINED',
      'LINK_FULL',
    ]);
    expect((await em().findOneOrFail(InviteLinkEntity, { id: link.id })).useCount).toBe(1);
    expect(
      await em().count(RoleAssignmentEntity, {
        user: { email: { $in: ['race-a@example.org', 'race-b@example.org'] } },
      }),
    ).toBe(1);
    expect(
      await em().count(UserEntity, {
        email: { $in: ['race-a@example.org', 'race-b@example.org'] },
      }),
    ).toBe(1);
  });

  it('reminds someone who did not finish, and not those who hold a role there', async () => {
    const { token } = await makeInviteLink(em(), api.sealer, org(), {
      roleId: await roleId('ORGANISATION_STAFF'),
      expiryHours: 72,
      now: api.clock.now(),
    });
    const visitor = api.client();
    await visitor.ok(REQUEST, { token, email: 'unfinished@example.org' });
    api.clock.advance(31_000);
    await visitor.ok(REQUEST, { token, email: 'member@example.org' });
    await makeStaff(
      em(),
      'ORGANISATION_STAFF',
      world.home.scopes.organisation,
      'member@example.org',
    );
    api.smtp.messages.length = 0;
    api.clock.advance(49 * HOUR);
    const remind = () =>
      sendInviteLinkReminders({
        orm: api.orm,
        clock: api.clock,
        sealer: api.sealer,
        mailer: api.mailer,
        appUrl: 'http://porter.test',
        log: api.log,
      });
    expect(await remind()).toEqual({ sent: 1, failed: 0 });
    expect(api.smtp.messages.map((m) => m.to[0])).toEqual(['unfinished@example.org']);
    expect(api.smtp.messages[0]!.subject).toBe(`Finish joining ${world.home.organisation.name}`);
  });
});
