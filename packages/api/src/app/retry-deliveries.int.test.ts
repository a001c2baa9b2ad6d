import { beforeEach, describe, expect, it } from 'vitest';
import { PASSWORD } from '../../test/factories.js';
import { useTestApi, type TestApi } from '../../test/harness.js';
import { linkIn } from '../../test/smtp.js';
import { makeWorld } from '../../test/world.js';
import { AuditEventEntity } from '../modules/audit/index.js';
import { RoleEntity } from '../modules/role/index.js';
import { parseRetryArgs, retryDeliveries, type RetryOptions } from './retry-deliveries.js';

const testApi = useTestApi();
let api: TestApi;
let world: Awaited<ReturnType<typeof makeWorld>>;
beforeEach(async () => {
  api = testApi();
  world = await makeWorld(api.orm.em.fork());
});

const INVITE = `mutation($input: InviteStaffInput!) { inviteStaff(input: $input) { results { invitationId link } } }`;

/** Invites one address in the home or the foreign tenant, 7 days to expiry; answers its link. */
async function invite(email: string, tenant: 'home' | 'foreign') {
  const t = world[tenant];
  const admin = await api.client().signIn(`admin@${tenant}.org`, PASSWORD);
  const roleId = (await api.orm.em.fork().findOneOrFail(RoleEntity, { key: 'DEPLOYMENT_STAFF' }))
    .id;
  const input = {
    organisationId: t.organisation.id,
    deploymentId: t.first.id,
    emails: [email],
    roleId,
    expiryHours: 168,
  };
  return (await admin.ok(INVITE, { input })).inviteStaff.results[0] as {
    invitationId: string;
    link: string;
  };
}

/** Drains with the mail server refusing every recipient (550: FAILED at once). */
async function failEverything() {
  api.smtp.failNext(1_000_000, { code: 550, message: '5.1.1 Mailbox unavailable' });
  await api.drain();
  api.smtp.failNext(0);
}

const statusOf = async (id: string) =>
  (
    await api.orm.em
      .getConnection()
      .execute<{ delivery_status: string }[]>(
        'select delivery_status from invitation where id = ?',
        [id],
      )
  )[0]!.delivery_status;

const options = (o: Partial<RetryOptions>): RetryOptions => ({
  organisationId: null,
  since: null,
  channel: null,
  dryRun: false,
  ...o,
});

describe('the retry-deliveries command', () => {
  it('refuses bad arguments in words', () => {
    expect(parseRetryArgs(['--organisation', 'acme'])).toEqual({
      error: '--organisation acme is not an id',
    });
    expect(parseRetryArgs(['--since', 'yesterday'])).toEqual({
      error: '--since yesterday is not a date-time',
    });
    expect(parseRetryArgs(['--channel', 'fax'])).toEqual({
      error: '--channel fax is not one of EMAIL, SMS',
    });
    expect(parseRetryArgs(['--since'])).toEqual({ error: '--since needs a value' });
    expect(parseRetryArgs(['--force'])).toEqual({ error: 'unknown option --force' });
    expect(parseRetryArgs(['--channel', 'sms', '--dry-run'])).toEqual(
      options({ channel: 'SMS', dryRun: true }),
    );
  });

  it('changes nothing on a dry run, then queues one organisation’s failed mail with the same link', async () => {
    const home = await invite('gone@example.org', 'home');
    const foreign = await invite('elsewhere@example.org', 'foreign');
    await failEverything();
    expect(await statusOf(home.invitationId)).toBe('FAILED');

    const dry = await retryDeliveries(
      api.orm,
      options({ organisationId: world.home.organisation.id, dryRun: true }),
      api.clock.now(),
    );
    expect(dry).toEqual({ retried: [home.invitationId], noToken: [] });
    expect(await statusOf(home.invitationId)).toBe('FAILED');

    const done = await retryDeliveries(
      api.orm,
      options({ organisationId: world.home.organisation.id }),
      api.clock.now(),
    );
    expect(done).toEqual({ retried: [home.invitationId], noToken: [] });
    expect(await statusOf(home.invitationId)).toBe('QUEUED');
    expect(await statusOf(foreign.invitationId)).toBe('FAILED');
    const audit = await api.orm.em
      .fork()
      .findOneOrFail(AuditEventEntity, { action: 'invitation.delivery-retried' });
    expect(audit).toMatchObject({ targetId: home.invitationId, actorId: null });

    const before = api.smtp.messages.length;
    await api.drain();
    const sent = api.smtp.messages.slice(before);
    expect(sent.map((m) => m.to)).toEqual([['gone@example.org']]);
    expect(linkIn(sent[0]!)).toBe(home.link);
    // Nothing more to retry for that organisation.
    expect(
      await retryDeliveries(
        api.orm,
        options({ organisationId: world.home.organisation.id }),
        api.clock.now(),
      ),
    ).toEqual({ retried: [], noToken: [] });
  });

  it('retries only the channel and the failures since the time it is given', async () => {
    const old = await invite('old@example.org', 'home');
    await failEverything();
    api.clock.advance(3_600_000);
    const since = api.clock.now();
    const recent = await invite('recent@example.org', 'home');
    await failEverything();

    expect(await retryDeliveries(api.orm, options({ channel: 'SMS' }), api.clock.now())).toEqual({
      retried: [],
      noToken: [],
    });
    expect(await retryDeliveries(api.orm, options({ since }), api.clock.now())).toEqual({
      retried: [recent.invitationId],
      noToken: [],
    });
    expect(await statusOf(old.invitationId)).toBe('FAILED');
  });
});
