import { beforeEach, describe, expect, it } from 'vitest';
import { makePatient, makeUser, PASSWORD } from '../../../test/factories.js';
import { useTestApi, type GraphQLClient, type TestApi } from '../../../test/harness.js';
import { makeWorld } from '../../../test/world.js';
import { AuditEventEntity } from '../audit/audit-event.entity.js';
import { PatientEntity } from '../patient/patient.entity.js';
import { UserEntity } from '../user/user.entity.js';
import { InviteLinkClaimEntity, InviteLinkEntity } from './invite-link.entity.js';
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
const LINK_FIELDS = `id label url state expiresAt expiryHours maxUses useCount createdAt createdBy { fullName } qrSvg qrPng
  joins { id fullName email joinedAt patientId } unfinishedCount`;
const CREATE = `mutation($input: CreatePatientInviteLinkInput!) { createPatientInviteLink(input: $input) { ${LINK_FIELDS} } }`;
const LIST = `query($o: ID!, $d: ID!) { patientInviteLinks(organisationId: $o, deploymentId: $d) { ${LINK_FIELDS} } }`;
const REVOKE = `mutation($id: ID!) { revokeInviteLink(id: $id) { id state url } }`;
const ROTATE = `mutation($id: ID!) { rotateInviteLink(id: $id) { id state url } }`;
const PREVIEW = `query($token: String!) { inviteLink(token: $token) { state organisationName deploymentName expiresAt } }`;
const REQUEST = `mutation($token: String!, $email: String!) { requestJoinCode(token: $token, email: $email) { sentTo expiresAt } }`;
const VERIFY = `mutation($token: String!, $email: String!, $code: String!) { verifyJoinCode(token: $token, email: $email, code: $code) { ticket email expiresAt } }`;
const JOIN = `mutation($ticket: String!, $fullName: String, $password: String, $acceptTerms: Boolean) {
  joinWithTicket(ticket: $ticket, fullName: $fullName, password: $password, acceptTerms: $acceptTerms) { id email fullName } }`;

const NEW_PASSWORD = 'a long enough password';
const as = (email: string) => api.client().signIn(email, PASSWORD);
const home = () => ({
  organisationId: world.home.organisation.id,
  deploymentId: world.home.first.id,
});
const listVars = () => ({ o: world.home.organisation.id, d: world.home.first.id });
const tokenOf = (url: string) => url.split('/join/')[1]!;
const mailTo = (address: string) => api.smtp.messages.filter((m) => m.to.includes(address));
const codeIn = (address: string) => {
  const mail = mailTo(address).at(-1);
  const code = mail && /\b(\d{6})\b/.exec(mail.text)?.[1];
  if (!code) throw new Error(`No code for ${address}`);
  return code;
};
const em = () => api.orm.em.fork();

async function createLink(client: GraphQLClient, extra: Record<string, unknown> = {}) {
  return (await client.ok(CREATE, { input: { ...home(), ...extra } })).createPatientInviteLink;
}

/** Request → code from the email → verify: the ticket. */
async function ticketFor(visitor: GraphQLClient, token: string, email: string): Promise<string> {
  await visitor.ok(REQUEST, { token, email });
  return (await visitor.ok(VERIFY, { token, email, code: codeIn(email) })).verifyJoinCode.ticket;
}

describe('creating and listing links', () => {
  it('makes a link with its URL and QR code as SVG and PNG, listed newest first with who made it', async () => {
    const admin = await as('admin@home.org');
    const first = await createLink(admin, { label: '  Waiting   room poster ', maxUses: 10 });
    expect(first).toMatchObject({
      label: 'Waiting room poster',
      state: 'ACTIVE',
      expiryHours: 168,
      maxUses: 10,
      useCount: 0,
      createdBy: { fullName: expect.any(String) },
      joins: [],
      unfinishedCount: 0,
    });
    expect(first.url).toMatch(/^http:\/\/porter\.test\/join\/[A-Za-z0-9_-]{43}$/);
    expect(first.qrSvg.startsWith('<svg')).toBe(true);
    expect(first.qrPng.startsWith('data:image/png;base64,')).toBe(true);
    expect(new Date(first.expiresAt).getTime() - api.clock.now().getTime()).toBe(168 * HOUR);
    // The test clock stands still unless moved: a minute later, so "newest" is decided by time, not by the random id.
    api.clock.advance(60_000);
    const second = await createLink(admin, { expiryHours: 24 });
    expect(second.maxUses).toBeNull();

    const { patientInviteLinks } = await admin.ok(LIST, listVars());
    expect(patientInviteLinks.map((l: any) => l.id)).toEqual([second.id, first.id]);
    // The link can be copied again later: the same URL each time.
    expect(patientInviteLinks[1].url).toBe(first.url);
    // Only the hash and the sealed token are stored.
    const row = await em().findOneOrFail(InviteLinkEntity, { id: first.id });
    expect(row.tokenHash).not.toContain(tokenOf(first.url));
    expect(row.sealedToken).not.toContain(tokenOf(first.url));
    expect(await em().count(AuditEventEntity, { action: 'invite-link.created' })).toBe(2);
  });

  it('refuses bad expiries, maximum uses and labels', async () => {
    const admin = await as('admin@home.org');
    expect(await admin.code(CREATE, { input: { ...home(), expiryHours: 72 } })).toBe(
      'BAD_USER_INPUT',
    );
    expect(await admin.code(CREATE, { input: { ...home(), maxUses: 0 } })).toBe('BAD_USER_INPUT');
    expect(await admin.code(CREATE, { input: { ...home(), maxUses: 100_001 } })).toBe(
      'BAD_USER_INPUT',
    );
    expect(await admin.code(CREATE, { input: { ...home(), label: 'x'.repeat(121) } })).toBe(
      'BAD_USER_INPUT',
    );
  });

  it('needs patient:manage at the deployment, and says NOT_FOUND for another tenant', async () => {
    const admin = await as('admin@home.org');
    const link = await createLink(admin);
    const contributor = await as('contributor@home.org');
    // The Contributor sits in the first deployment but may not manage patients there.
    expect(await contributor.code(CREATE, { input: home() })).toBe('FORBIDDEN');
    expect(await contributor.code(LIST, { o: home().organisationId, d: home().deploymentId })).toBe(
      'FORBIDDEN',
    );
    expect(await contributor.code(REVOKE, { id: link.id })).toBe('FORBIDDEN');
    expect(await contributor.code(ROTATE, { id: link.id })).toBe('FORBIDDEN');

    const foreign = await as('admin@foreign.org');
    expect(await foreign.code(CREATE, { input: home() })).toBe('NOT_FOUND');
    expect(await foreign.code(LIST, { o: home().organisationId, d: home().deploymentId })).toBe(
      'NOT_FOUND',
    );
    expect(await foreign.code(REVOKE, { id: link.id })).toBe('NOT_FOUND');
    expect(await foreign.code(ROTATE, { id: link.id })).toBe('NOT_FOUND');
    expect(await foreign.code(REVOKE, { id: 'not-a-uuid' })).toBe('NOT_FOUND');
    // Deployment Staff of the first deployment do not reach the second one.
    const staff = await as('deployment_staff@home.org');
    expect(
      await staff.code(CREATE, { input: { ...home(), deploymentId: world.home.second.id } }),
    ).toBe('NOT_FOUND');
    expect((await em().findOneOrFail(InviteLinkEntity, { id: link.id })).status).toBe('ACTIVE');
  });
});

describe('joining through a link', () => {
  it('previews, emails a code, verifies it and joins as an active patient of that deployment, signed in', async () => {
    const admin = await as('admin@home.org');
    const link = await createLink(admin, { maxUses: 10 });
    const token = tokenOf(link.url);
    const visitor = api.client();
    expect((await visitor.ok(PREVIEW, { token })).inviteLink).toMatchObject({
      state: 'ACTIVE',
      organisationName: world.home.organisation.name,
      deploymentName: 'First deployment',
    });

    const requested = (await visitor.ok(REQUEST, { token, email: ' Pat.Patient@Example.org ' }))
      .requestJoinCode;
    expect(requested.sentTo).toBe('pat.patient@example.org');
    expect(new Date(requested.expiresAt).getTime() - api.clock.now().getTime()).toBe(10 * 60_000);
    const mail = mailTo('pat.patient@example.org')[0]!;
    const code = codeIn('pat.patient@example.org');
    expect(mail.subject).toBe(`Your code to join First deployment: ${code}`);
    expect(mail.raw).toMatch(/Content-Type: text\/html/);
    expect(mail.text).toContain(link.url);
    // Only a hash of the code is kept.
    const claim = await em().findOneOrFail(InviteLinkClaimEntity, {
      email: 'pat.patient@example.org',
    });
    expect(claim.codeHash).not.toContain(code);

    const { verifyJoinCode } = await visitor.ok(VERIFY, {
      token,
      email: 'pat.patient@example.org',
      code,
    });
    expect(verifyJoinCode.email).toBe('pat.patient@example.org');
    // The code is spent once verified.
    expect(await visitor.code(VERIFY, { token, email: 'pat.patient@example.org', code })).toBe(
      'CODE_INVALID',
    );

    const ticket = verifyJoinCode.ticket;
    expect(
      await visitor.code(JOIN, {
        ticket,
        fullName: 'Pat Patient',
        password: 'short',
        acceptTerms: true,
      }),
    ).toBe('WEAK_PASSWORD');
    expect(
      await visitor.code(JOIN, {
        ticket,
        fullName: 'Pat Patient',
        password: NEW_PASSWORD,
        acceptTerms: false,
      }),
    ).toBe('TERMS_NOT_ACCEPTED');
    expect(
      await visitor.code(JOIN, {
        ticket,
        fullName: ' ',
        password: NEW_PASSWORD,
        acceptTerms: true,
      }),
    ).toBe('BAD_USER_INPUT');
    const { joinWithTicket } = await visitor.ok(JOIN, {
      ticket,
      fullName: 'Pat  van Patient',
      password: NEW_PASSWORD,
      acceptTerms: true,
    });
    expect(joinWithTicket).toMatchObject({
      email: 'pat.patient@example.org',
      fullName: 'Pat van Patient',
    });
    expect((await visitor.ok('{ viewer { email } }')).viewer.email).toBe('pat.patient@example.org');
    expect(
      await api
        .client()
        .code(JOIN, { ticket, fullName: 'Pat Patient', password: NEW_PASSWORD, acceptTerms: true }),
    ).toBe('CODE_EXPIRED');
    // The new password works for signing in later.
    await api.client().signIn('pat.patient@example.org', NEW_PASSWORD);

    const patient = await em().findOneOrFail(
      PatientEntity,
      { email: 'pat.patient@example.org' },
      { populate: ['user', 'invitedBy'] },
    );
    expect(patient).toMatchObject({
      status: 'ACTIVE',
      channel: 'LINK',
      firstName: 'Pat',
      lastName: 'van Patient',
    });
    expect(patient.deployment.id).toBe(world.home.first.id);
    expect(patient.user?.email).toBe('pat.patient@example.org');
    expect(patient.invitedBy?.email).toBe('admin@home.org');
    expect(patient.joinedAt).not.toBeNull();

    const [listed] = (await admin.ok(LIST, listVars())).patientInviteLinks;
    expect(listed).toMatchObject({ useCount: 1, unfinishedCount: 0 });
    expect(listed.joins).toEqual([
      {
        id: expect.any(String),
        fullName: 'Pat van Patient',
        email: 'pat.patient@example.org',
        joinedAt: expect.any(String),
        patientId: patient.id,
      },
    ]);
    expect(
      await em().count(AuditEventEntity, { action: 'invite-link.joined', targetId: patient.id }),
    ).toBe(1);
  });

  it('counts wrong codes, kills the code after five, and refuses an expired one', async () => {
    const { token } = await makeInviteLink(em(), api.sealer, home(), { now: api.clock.now() });
    const visitor = api.client();
    await visitor.ok(REQUEST, { token, email: 'wrong@example.org' });
    const code = codeIn('wrong@example.org');
    const other = code === '000000' ? '111111' : '000000';
    for (let i = 0; i < 4; i++) {
      const result = await visitor.request(VERIFY, {
        token,
        email: 'wrong@example.org',
        code: other,
      });
      expect(result.errors?.[0]?.extensions).toMatchObject({
        code: 'CODE_INVALID',
        details: { attemptsLeft: 4 - i },
      });
    }
    expect(await visitor.code(VERIFY, { token, email: 'wrong@example.org', code: other })).toBe(
      'TOO_MANY_ATTEMPTS',
    );
    // Dead now, even with the right code.
    expect(await visitor.code(VERIFY, { token, email: 'wrong@example.org', code })).toBe(
      'TOO_MANY_ATTEMPTS',
    );
    // A new code starts over.
    api.clock.advance(31_000);
    await visitor.ok(REQUEST, { token, email: 'wrong@example.org' });
    const fresh = codeIn('wrong@example.org');
    api.clock.advance(10 * 60_000 + 1);
    expect(await visitor.code(VERIFY, { token, email: 'wrong@example.org', code: fresh })).toBe(
      'CODE_EXPIRED',
    );
    // Nobody asked for a code for this address: just wrong.
    expect(await visitor.code(VERIFY, { token, email: 'nobody@example.org', code: '123456' })).toBe(
      'CODE_INVALID',
    );
  });

  it('limits codes: one per 30 seconds, five an hour per address, thirty addresses an hour per network address', async () => {
    const { link, token } = await makeInviteLink(em(), api.sealer, home(), {
      now: api.clock.now(),
    });
    const visitor = api.client();
    await visitor.ok(REQUEST, { token, email: 'eager@example.org' });
    const limited = await visitor.request(REQUEST, { token, email: 'eager@example.org' });
    expect(limited.errors?.[0]?.extensions).toMatchObject({
      code: 'RATE_LIMITED',
      details: { retryAfterSeconds: 30 },
    });
    for (let i = 0; i < 4; i++) {
      api.clock.advance(31_000);
      await visitor.ok(REQUEST, { token, email: 'eager@example.org' });
    }
    api.clock.advance(31_000);
    expect(await visitor.code(REQUEST, { token, email: 'eager@example.org' })).toBe('RATE_LIMITED');
    expect(mailTo('eager@example.org')).toHaveLength(5);
    // An hour after the last code, the address may ask again.
    api.clock.advance(HOUR);
    await visitor.ok(REQUEST, { token, email: 'eager@example.org' });

    // Thirty other addresses from the same network address within the hour: the next one waits.
    const ip = (await em().findOneOrFail(InviteLinkClaimEntity, { email: 'eager@example.org' }))
      .lastCodeIp;
    expect(ip).toMatch(/127\.0\.0\.1/);
    const now = api.clock.now();
    await em()
      .getConnection()
      .execute(
        `insert into invite_link_claim (id, link_id, email, code_attempts, codes_sent, last_code_at, last_code_ip, created_at, updated_at)
       select gen_random_uuid(), ?, 'bulk' || n || '@example.org', 0, 1, ?, ?, ?, ? from generate_series(1, 29) n`,
        [link.id, now, ip, now, now],
      );
    expect(await visitor.code(REQUEST, { token, email: 'one-too-many@example.org' })).toBe(
      'RATE_LIMITED',
    );
    expect(mailTo('one-too-many@example.org')).toHaveLength(0);
    // Another link is counted on its own.
    const other = await makeInviteLink(em(), api.sealer, home(), { now: api.clock.now() });
    await visitor.ok(REQUEST, { token: other.token, email: 'one-too-many@example.org' });
  });

  it('emails "sign in instead" and no code to someone already a patient there, with the same answer', async () => {
    const patient = await makePatient(em(), world.home.scopes.first, 'ACTIVE');
    const { token } = await makeInviteLink(em(), api.sealer, home(), { now: api.clock.now() });
    const visitor = api.client();
    const { requestJoinCode } = await visitor.ok(REQUEST, { token, email: patient.email });
    expect(requestJoinCode.sentTo).toBe(patient.email);
    const [mail] = mailTo(patient.email!);
    expect(mail!.subject).toBe('You are already registered with First deployment');
    expect(mail!.text).toContain('Sign in');
    expect(mail!.text).not.toMatch(/Code: \d/);
    expect(await visitor.code(VERIFY, { token, email: patient.email, code: '123456' })).toBe(
      'CODE_INVALID',
    );
  });

  it('asks an existing account to sign in, then joins it without a password', async () => {
    await makeUser(em(), 'known@example.org', 'Known Person');
    const { token } = await makeInviteLink(em(), api.sealer, home(), { now: api.clock.now() });
    const visitor = api.client();
    const ticket = await ticketFor(visitor, token, 'known@example.org');
    expect(
      await visitor.code(JOIN, {
        ticket,
        fullName: 'Someone',
        password: NEW_PASSWORD,
        acceptTerms: true,
      }),
    ).toBe('SIGN_IN_REQUIRED');
    await visitor.signIn('known@example.org', PASSWORD);
    const { joinWithTicket } = await visitor.ok(JOIN, { ticket });
    expect(joinWithTicket.email).toBe('known@example.org');
    const patient = await em().findOneOrFail(
      PatientEntity,
      { email: 'known@example.org' },
      { populate: ['user'] },
    );
    expect(patient).toMatchObject({
      status: 'ACTIVE',
      channel: 'LINK',
      firstName: 'Known',
      lastName: 'Person',
    });
    expect(await em().count(UserEntity, { email: 'known@example.org' })).toBe(1);
  });

  it('turns a patient invited by email into the active patient when they join through a link', async () => {
    const invited = await makePatient(em(), world.home.scopes.first, 'INVITED');
    const { token } = await makeInviteLink(em(), api.sealer, home(), { now: api.clock.now() });
    const visitor = api.client();
    const ticket = await ticketFor(visitor, token, invited.email!);
    await visitor.ok(JOIN, {
      ticket,
      fullName: 'Ivy Invited',
      password: NEW_PASSWORD,
      acceptTerms: true,
    });
    const patients = await em().find(PatientEntity, { email: invited.email });
    expect(patients).toHaveLength(1);
    expect(patients[0]).toMatchObject({
      id: invited.id,
      status: 'ACTIVE',
      channel: 'LINK',
      firstName: 'Ivy',
      lastName: 'Invited',
    });
  });
});

describe('revoking, rotating, expiry and limits', () => {
  it('stops a revoked link at once, at every step', async () => {
    const admin = await as('admin@home.org');
    const link = await createLink(admin);
    const token = tokenOf(link.url);
    const visitor = api.client();
    const ticket = await ticketFor(visitor, token, 'late@example.org');
    expect((await admin.ok(REVOKE, { id: link.id })).revokeInviteLink.state).toBe('REVOKED');
    expect((await visitor.ok(PREVIEW, { token })).inviteLink.state).toBe('REVOKED');
    expect(await visitor.code(REQUEST, { token, email: 'other@example.org' })).toBe('LINK_REVOKED');
    expect(
      await visitor.code(JOIN, {
        ticket,
        fullName: 'Late Person',
        password: NEW_PASSWORD,
        acceptTerms: true,
      }),
    ).toBe('LINK_REVOKED');
    expect(await admin.code(ROTATE, { id: link.id })).toBe('CONFLICT');
    // Revoking again changes nothing.
    expect((await admin.ok(REVOKE, { id: link.id })).revokeInviteLink.state).toBe('REVOKED');
    expect(await em().count(AuditEventEntity, { action: 'invite-link.revoked' })).toBe(1);
  });

  it('rotates the token: the old link says it was replaced, the new one works', async () => {
    const admin = await as('admin@home.org');
    const link = await createLink(admin);
    const { rotateInviteLink } = await admin.ok(ROTATE, { id: link.id });
    expect(rotateInviteLink.url).not.toBe(link.url);
    const visitor = api.client();
    expect((await visitor.ok(PREVIEW, { token: tokenOf(link.url) })).inviteLink).toEqual({
      state: 'REPLACED',
      organisationName: null,
      deploymentName: null,
      expiresAt: null,
    });
    expect(
      await visitor.code(REQUEST, { token: tokenOf(link.url), email: 'rot@example.org' }),
    ).toBe('LINK_REPLACED');
    const ticket = await ticketFor(visitor, tokenOf(rotateInviteLink.url), 'rot@example.org');
    await visitor.ok(JOIN, {
      ticket,
      fullName: 'Rory Rotated',
      password: NEW_PASSWORD,
      acceptTerms: true,
    });
    expect((await admin.ok(LIST, listVars())).patientInviteLinks[0]).toMatchObject({
      url: rotateInviteLink.url,
      useCount: 1,
    });
    expect((await visitor.ok(PREVIEW, { token: 'unknown-token' })).inviteLink.state).toBe(
      'NOT_FOUND',
    );
    expect(await visitor.code(REQUEST, { token: 'unknown-token', email: 'rot@example.org' })).toBe(
      'LINK_NOT_FOUND',
    );
    expect(await em().count(AuditEventEntity, { action: 'invite-link.rotated' })).toBe(1);
  });

  it('ends the tickets obtained through the old address when the link is rotated', async () => {
    const admin = await as('admin@home.org');
    const link = await createLink(admin);
    const oldToken = tokenOf(link.url);
    const early = api.client();
    const sameMoment = api.client();
    const oldTicket = await ticketFor(early, oldToken, 'early@example.org');
    api.clock.advance(60_000);
    // Confirmed at the very moment of the rotation: ended too, as an ordinary lapsed ticket.
    const lastTicket = await ticketFor(sameMoment, oldToken, 'same-moment@example.org');
    const { rotateInviteLink } = await admin.ok(ROTATE, { id: link.id });
    const join = { fullName: 'Early Bird', password: NEW_PASSWORD, acceptTerms: true };
    expect(await early.code(JOIN, { ticket: oldTicket, ...join })).toBe('LINK_REPLACED');
    expect(await sameMoment.code(JOIN, { ticket: lastTicket, ...join })).toBe('CODE_EXPIRED');
    expect(await em().count(PatientEntity, { email: 'early@example.org' })).toBe(0);
    expect(await em().count(UserEntity, { email: 'early@example.org' })).toBe(0);
    // Through the new address the same person gets a new ticket and joins.
    api.clock.advance(60_000);
    const newTicket = await ticketFor(early, tokenOf(rotateInviteLink.url), 'early@example.org');
    expect((await early.ok(JOIN, { ticket: newTicket, ...join })).joinWithTicket.email).toBe(
      'early@example.org',
    );
    expect((await admin.ok(LIST, listVars())).patientInviteLinks[0].useCount).toBe(1);
  });

  it('refuses an expired link, decided by the server clock', async () => {
    const admin = await as('admin@home.org');
    const link = await createLink(admin, { expiryHours: 24 });
    const token = tokenOf(link.url);
    const visitor = api.client();
    const ticket = await ticketFor(visitor, token, 'slow@example.org');
    api.clock.advance(24 * HOUR);
    expect((await visitor.ok(PREVIEW, { token })).inviteLink.state).toBe('EXPIRED');
    expect(await visitor.code(REQUEST, { token, email: 'slower@example.org' })).toBe(
      'LINK_EXPIRED',
    );
    expect(
      await visitor.code(JOIN, {
        ticket,
        fullName: 'Slow Person',
        password: NEW_PASSWORD,
        acceptTerms: true,
      }),
    ).toBe('LINK_EXPIRED');
    expect((await admin.ok(LIST, listVars())).patientInviteLinks[0].state).toBe('EXPIRED');
  });

  it('is full once used maxUses times', async () => {
    const admin = await as('admin@home.org');
    const link = await createLink(admin, { maxUses: 1 });
    const token = tokenOf(link.url);
    const first = api.client();
    const second = api.client();
    const late = await ticketFor(second, token, 'second@example.org');
    await first.ok(JOIN, {
      ticket: await ticketFor(first, token, 'first@example.org'),
      fullName: 'First One',
      password: NEW_PASSWORD,
      acceptTerms: true,
    });
    expect((await second.ok(PREVIEW, { token })).inviteLink.state).toBe('FULL');
    expect(
      await second.code(JOIN, {
        ticket: late,
        fullName: 'Second One',
        password: NEW_PASSWORD,
        acceptTerms: true,
      }),
    ).toBe('LINK_FULL');
    expect(await api.client().code(REQUEST, { token, email: 'third@example.org' })).toBe(
      'LINK_FULL',
    );
    expect((await admin.ok(LIST, listVars())).patientInviteLinks[0]).toMatchObject({
      state: 'FULL',
      useCount: 1,
      unfinishedCount: 1,
    });
  });

  it('gives the last use to exactly one of two people joining at the same moment', async () => {
    const { link, token } = await makeInviteLink(em(), api.sealer, home(), {
      maxUses: 1,
      now: api.clock.now(),
    });
    const a = api.client();
    const b = api.client();
    const [ticketA, ticketB] = [
      await ticketFor(a, token, 'race-a@example.org'),
      await ticketFor(b, token, 'race-b@example.org'),
    ];
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
    const codes = results.map((r) => r.errors?.[0]?.extensions?.code ?? 'JOINED').sort();
    expect(codes).toEqual(['JOINED', 'LINK_FULL']);
    expect((await em().findOneOrFail(InviteLinkEntity, { id: link.id })).useCount).toBe(1);
    expect(
      await em().count(PatientEntity, { deployment: world.home.first.id, channel: 'LINK' }),
    ).toBe(1);
    expect(
      await em().count(UserEntity, {
        email: { $in: ['race-a@example.org', 'race-b@example.org'] },
      }),
    ).toBe(1);
  });
});

describe('reminders', () => {
  const remind = () =>
    sendInviteLinkReminders({
      orm: api.orm,
      clock: api.clock,
      sealer: api.sealer,
      mailer: api.mailer,
      appUrl: 'http://porter.test',
      log: api.log,
    });

  it('reminds someone who did not finish once, in the last 24 hours of the link, and not those who joined', async () => {
    const { link, token } = await makeInviteLink(em(), api.sealer, home(), {
      expiryHours: 48,
      now: api.clock.now(),
    });
    const short = await makeInviteLink(em(), api.sealer, home(), {
      expiryHours: 24,
      now: api.clock.now(),
    });
    const visitor = api.client();
    await visitor.ok(REQUEST, { token, email: 'unfinished@example.org' });
    await visitor.ok(REQUEST, { token: short.token, email: 'short@example.org' });
    const joiner = api.client();
    await joiner.ok(JOIN, {
      ticket: await ticketFor(joiner, token, 'joined@example.org'),
      fullName: 'Joined Person',
      password: NEW_PASSWORD,
      acceptTerms: true,
    });
    api.smtp.messages.length = 0;

    expect(await remind()).toEqual({ sent: 0, failed: 0 });
    api.clock.advance(25 * HOUR);
    expect(await remind()).toEqual({ sent: 1, failed: 0 });
    expect(await remind()).toEqual({ sent: 0, failed: 0 });
    expect(api.smtp.messages.map((m) => m.to[0])).toEqual(['unfinished@example.org']);
    const mail = api.smtp.messages[0]!;
    expect(mail.subject).toBe('Finish joining First deployment');
    expect(mail.text).toContain(`http://porter.test/join/${token}`);
    expect(
      (
        await em().findOneOrFail(InviteLinkClaimEntity, {
          link: link.id,
          email: 'unfinished@example.org',
        })
      ).remindedAt,
    ).not.toBeNull();
  });

  it('puts a claim back when the email fails, so the next run sends it', async () => {
    const { token } = await makeInviteLink(em(), api.sealer, home(), {
      expiryHours: 168,
      now: api.clock.now(),
    });
    await api.client().ok(REQUEST, { token, email: 'retry@example.org' });
    api.smtp.messages.length = 0;
    api.clock.advance(150 * HOUR);
    api.smtp.failNext(1);
    expect(await remind()).toEqual({ sent: 0, failed: 1 });
    expect(
      (await em().findOneOrFail(InviteLinkClaimEntity, { email: 'retry@example.org' })).remindedAt,
    ).toBeNull();
    expect(await remind()).toEqual({ sent: 1, failed: 0 });
    expect(mailTo('retry@example.org')).toHaveLength(1);
  });

  it('skips revoked and full links', async () => {
    const admin = await as('admin@home.org');
    const revoked = await createLink(admin, { expiryHours: 48 });
    await api.client().ok(REQUEST, { token: tokenOf(revoked.url), email: 'revoked@example.org' });
    await admin.ok(REVOKE, { id: revoked.id });
    const full = await createLink(admin, { expiryHours: 48, maxUses: 1 });
    const joiner = api.client();
    await api.client().ok(REQUEST, { token: tokenOf(full.url), email: 'full@example.org' });
    await joiner.ok(JOIN, {
      ticket: await ticketFor(joiner, tokenOf(full.url), 'filler@example.org'),
      fullName: 'Filler Person',
      password: NEW_PASSWORD,
      acceptTerms: true,
    });
    api.clock.advance(25 * HOUR);
    expect(await remind()).toEqual({ sent: 0, failed: 0 });
  });

  it('runs as the invite-link-reminders job of the worker', async () => {
    const { JOBS } = await import('../../app/jobs.js');
    const names = JOBS.map((j) => [j.name, j.every]);
    expect(names).toContainEqual(['invite-link-reminders', '10 minutes']);
  });
});
