// Issue 4 figures: (1) 1,000 staff emails invited in one GraphQL call, persisted and queued;
// (2) one worker draining those deliveries to a local SMTP sink, in emails per second.
// Run: pnpm bench:invite   (from the repository root)
import 'reflect-metadata';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { SMTPServer } from 'smtp-server';
import type { AddressInfo } from 'node:net';
import { startHttp } from '../src/app/server.js';
import { systemClock } from '../src/common/clock.js';
import { createLogger } from '../src/common/logger.js';
import { Sealer } from '../src/common/secret.js';
import { loadEnv } from '../src/config/env.js';
import { ensureDatabase, startEmbeddedPostgres } from '../src/infra/db/embedded.js';
import { openDatabase } from '../src/infra/db/orm.js';
import { createJobs } from '../src/infra/jobs/agenda.js';
import { outboxSms } from '../src/infra/sms/sms.js';
import { smtpMailer } from '../src/infra/mail/mailer.js';
import { hashPassword } from '../src/modules/auth/password.js';
import { drainDeliveries } from '../src/modules/invitation/invitation.jobs.js';
import { DeploymentEntity } from '../src/modules/deployment/deployment.entity.js';
import { OrganisationEntity } from '../src/modules/organisation/organisation.entity.js';
import { assignDefaultRole } from '../src/modules/role/role-assignment.factory.js';
import { RoleEntity } from '../src/modules/role/role.entity.js';
import { UserEntity } from '../src/modules/user/user.entity.js';

const RUNS = Number(process.env.RUNS ?? 5);
const N = Number(process.env.N ?? 1000);
const SECRET = 'bench-secret-bench-secret-bench-secret-0';
const log = createLogger('warn');

const dir = mkdtempSync(path.join(os.tmpdir(), 'porter-bench-'));
const pg = await startEmbeddedPostgres({ dataDir: path.join(dir, 'pg'), ephemeral: true });
await ensureDatabase(pg.adminUrl, 'porter');
const url = pg.urlFor('porter');
const orm = await openDatabase(url, log);

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

const env = loadEnv({ NODE_ENV: 'production', PORT: '0', DATABASE_URL: url, PORTER_SECRET: SECRET, SMTP_URL: smtpUrl, LOG_LEVEL: 'warn', APP_URL: 'http://porter.bench' });
const sealer = new Sealer(SECRET);
const mailer = smtpMailer(smtpUrl, env.MAIL_FROM);
const jobs = createJobs(url, [], log);
const http = await startHttp({ env, log, orm, jobs, sealer, sms: outboxSms(orm), clock: systemClock });

const em = orm.em.fork();
const organisation = em.create(OrganisationEntity, { name: 'Bench Health', kind: 'REMOTE_PATIENT_MONITORING' });
const deployment = em.create(DeploymentEntity, { organisation, name: 'Bench deployment' });
const admin = em.create(UserEntity, { email: 'admin@bench.example', fullName: 'Bench Admin', passwordHash: await hashPassword('bench password 123') });
await em.flush();
await assignDefaultRole(em, admin, 'ADMIN', { type: 'DEPLOYMENT', organisationId: organisation.id, deploymentId: deployment.id });
await em.flush();
const roleId = (await em.findOneOrFail(RoleEntity, { key: 'DEPLOYMENT_STAFF' })).id;

const signIn = await fetch(`${http.url}/graphql`, {
  method: 'POST',
  headers: { 'content-type': 'application/json' },
  body: JSON.stringify({ query: 'mutation { signIn(email: "admin@bench.example", password: "bench password 123") { id } }' }),
});
const cookie = signIn.headers.getSetCookie()[0]!.split(';')[0]!;

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
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
      variables: { input: { organisationId: organisation.id, deploymentId: deployment.id, emails, roleId, expiryHours: 72 } },
    }),
  });
  const body = (await response.json()) as { data?: { inviteStaff: { invitedCount: number } }; errors?: unknown };
  const elapsed = performance.now() - started;
  if (body.data?.inviteStaff.invitedCount !== N) throw new Error(`invite failed: ${JSON.stringify(body.errors)}`);
  inviteMs.push(elapsed);

  const before = received;
  const drainStart = performance.now();
  const totals = await drainDeliveries({ orm, clock: systemClock, sealer, mailer, sms: outboxSms(orm), appUrl: env.APP_URL, publicUrl: env.publicUrl, smsDefaultCountry: env.SMS_DEFAULT_COUNTRY, log });
  const drainSeconds = (performance.now() - drainStart) / 1000;
  if (totals.sent !== N || received - before !== N) throw new Error(`drain sent ${totals.sent}, sink got ${received - before}`);
  drainRates.push(N / drainSeconds);
  console.log(`run ${run + 1}: invite ${N} in ${elapsed.toFixed(0)} ms; drain ${(N / drainSeconds).toFixed(0)} emails/s`);
}
console.log(`\ninviteStaff, ${N} emails in one call (persist + queue, through GraphQL): median ${median(inviteMs).toFixed(0)} ms (min ${Math.min(...inviteMs).toFixed(0)}, max ${Math.max(...inviteMs).toFixed(0)}) over ${RUNS} runs`);
console.log(`one worker to a local SMTP sink: median ${median(drainRates).toFixed(0)} emails/s (min ${Math.min(...drainRates).toFixed(0)}, max ${Math.max(...drainRates).toFixed(0)})`);

await http.close();
await jobs.stop();
await mailer.close();
await new Promise<void>((r) => sink.close(() => r()));
await orm.close();
await pg.stop();
rmSync(dir, { recursive: true, force: true });
