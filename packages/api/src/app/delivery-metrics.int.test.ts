import { beforeEach, describe, expect, it } from 'vitest';
import { metrics } from '../common/metrics.js';
import { PASSWORD } from '../../test/factories.js';
import { useTestApi, type TestApi } from '../../test/harness.js';
import { makeWorld } from '../../test/world.js';
import { RoleEntity } from '../modules/role/index.js';
import { collectDatabaseMetrics } from './health.js';

const testApi = useTestApi();
let api: TestApi;
let world: Awaited<ReturnType<typeof makeWorld>>;
beforeEach(async () => {
  api = testApi();
  world = await makeWorld(api.orm.em.fork());
});

const INVITE = `mutation($input: InviteStaffInput!) { inviteStaff(input: $input) { results { invitationId } } }`;

async function invite(emails: string[]) {
  const admin = await api.client().signIn('admin@home.org', PASSWORD);
  const role = await api.orm.em.fork().findOneOrFail(RoleEntity, { key: 'DEPLOYMENT_STAFF' });
  await admin.ok(INVITE, {
    input: {
      organisationId: world.home.organisation.id,
      deploymentId: world.home.first.id,
      emails,
      roleId: role.id,
    },
  });
}

/** The porter_deliveries series as `channel/status` → value. */
async function deliveries() {
  await collectDatabaseMetrics(api.orm);
  const { values } = await metrics.deliveries.get();
  return Object.fromEntries(values.map((v) => [`${v.labels.channel}/${v.labels.status}`, v.value]));
}

describe('delivery metrics', () => {
  it('counts the unfinished deliveries by channel and status, and leaves sent ones to the counters', async () => {
    await invite(['one@example.org', 'two@example.org']);
    expect(await deliveries()).toEqual({ 'EMAIL/queued': 2 });
    const oldest = (await metrics.oldestDueDelivery.get()).values[0]!.value;
    expect(oldest).toBeGreaterThanOrEqual(0);

    await api.drain();
    // Both sent: nothing unfinished is left to report, however long the history grows.
    expect(await deliveries()).toEqual({});
    expect((await metrics.oldestDueDelivery.get()).values[0]!.value).toBe(0);
  });
});
