// Issue 4 figures: (1) 1,000 staff emails invited in one GraphQL call, persisted and queued;
// (2) one worker draining those deliveries to a local SMTP sink, in emails per second.
// Run: pnpm bench:invite   (from the repository root)
import 'reflect-metadata';
import { performance } from 'node:perf_hooks';
import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';
import { systemClock } from '../src/common/clock.js';
import { smtpMailer } from '../src/infra/mail/mailer.js';
import { outboxSms } from '../src/infra/sms/sms.js';
import { channelSenders, drainDeliveries, drainPolicy } from '../src/modules/delivery/index.js';
import { invitationDeliveryTarget } from '../src/modules/invitation/index.js';
import { RoleEntity } from '../src/modules/role/role.entity.js';
import { median, startBenchApi } from './bench-support.js';

const RUNS = Number(process.env.RUNS ?? 5);
const N = Number(process.env.N ?? 1000);

let received = 0;
const sink = new SMTPServer({
  authOptional: true,
  disabledCommands: ['STARTTLS', 'AUTH'],
  logger: false,
  onData(stream, _session, cb) {
    stream.on('data', () => {});
    stream.on('end', () => {
      received++;
      cb();
    });
  },
});
await new Promise<void>((r) => sink.listen(0, '127.0.0.1', r));
const smtpUrl = `smtp://127.0.0.1:${(sink.server.address() as AddressInfo).port}`;

const { orm, http, env, sealer, log, em, organisation, deployment, cookie, stop } =
  await startBenchApi({ SMTP_URL: smtpUrl });
const mailer = smtpMailer(smtpUrl, env.MAIL_FROM, { timeoutMs: env.SMTP_TIMEOUT_MS });
const roleId = (await em.findOneOrFail(RoleEntity, { key: 'DEPLOYMENT_STAFF' })).id;

const inviteMs: number[] = [];
const drainRates: number[] = [];
for (let run = 0; run < RUNS; run++) {
  const emails = Array.from({ length: N }, (_, i) => `staff-${run}-${i}@bench.example`);
  const started = performance.now();
  const response = await fetch(`${http.url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', cookie },
    body: JSON.stringify({
      query: 'mutation($input: InviteStaffInput!) { inviteStaff(input: $input) { invitedCount } }',
      variables: {
        input: {
          organisationId: organisation.id,
          deploymentId: deployment.id,
          emails,
          roleId,
          expiryHours: 72,
        },
      },
    }),
  });
  const body = (await response.json()) as {
    data?: { inviteStaff: { invitedCount: number } };
    errors?: unknown;
  };
  const elapsed = performance.now() - started;
  if (body.data?.inviteStaff.invitedCount !== N)
    throw new Error(`invite failed: ${JSON.stringify(body.errors)}`);
  inviteMs.push(elapsed);

  const before = received;
  const drainStart = performance.now();
  const sms = outboxSms(orm);
  const totals = await drainDeliveries({
    orm,
    clock: systemClock,
    sealer,
    senders: channelSenders({ env, orm, mailer, sms }),
    target: invitationDeliveryTarget,
    appUrl: env.APP_URL,
    log,
    policy: drainPolicy(env),
  });
  const drainSeconds = (performance.now() - drainStart) / 1000;
  if (totals.sent !== N || received - before !== N)
    throw new Error(`drain sent ${totals.sent}, sink got ${received - before}`);
  drainRates.push(N / drainSeconds);
  console.log(
    `run ${run + 1}: invite ${N} in ${elapsed.toFixed(0)} ms; drain ${(N / drainSeconds).toFixed(0)} emails/s`,
  );
}
console.log(
  `\ninviteStaff, ${N} emails in one call (persist + queue, through GraphQL): median ${median(inviteMs).toFixed(0)} ms (min ${Math.min(...inviteMs).toFixed(0)}, max ${Math.max(...inviteMs).toFixed(0)}) over ${RUNS} runs`,
);
console.log(
  `one worker to a local SMTP sink: median ${median(drainRates).toFixed(0)} emails/s (min ${Math.min(...drainRates).toFixed(0)}, max ${Math.max(...drainRates).toFixed(0)})`,
);

await mailer.close();
await new Promise<void>((r) => sink.close(() => r()));
await stop();
