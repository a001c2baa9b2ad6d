import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GraphQLClient } from '../harness.js';
import { startSmtpSink, type SmtpSink } from '../smtp.js';
import {
  deliveryStatuses,
  emailsFor,
  inviteStaff,
  killAll,
  metricTotal,
  receivedOf,
  seededDatabase,
  signInAdmin,
  startApi,
  startWorker,
  terminate,
  until,
  type Running,
  type Seeded,
} from './support.js';

// Porter scaled out: two API processes and two workers on one PostgreSQL, nothing shared between
// them but the database, as compose's `--scale` or two Kubernetes replicas would run them.
let db: Seeded;
let sink: SmtpSink;
let apis: Running[];
let workers: Running[];

beforeAll(async () => {
  db = await seededDatabase();
  sink = await startSmtpSink({ delayMs: 10 });
  const env = { DATABASE_URL: db.url, SMTP_URL: sink.url };
  apis = await Promise.all([startApi(env), startApi(env)]);
  workers = await Promise.all([startWorker(env), startWorker(env)]);
}, 120_000);

afterAll(async () => {
  await killAll();
  await sink?.close();
  await db?.orm.close();
});

const VIEWER = `{ viewer { id email } }`;
const IMPORT = `query($id: ID!) { patientImport(id: $id) { status invitedCount refusedCount } }`;

describe('two APIs and two workers on one database', () => {
  it('share sessions: signed in on one API, the same cookie works on the other, and signs out on both', async () => {
    const onFirst = await signInAdmin(apis[0]!.url);
    const cookie = onFirst.cookie!;
    const onSecond = new GraphQLClient(apis[1]!.url);
    onSecond.cookie = cookie;
    expect((await onSecond.ok(VIEWER)).viewer).toMatchObject({ email: 'admin@home.org' });
    expect((await onFirst.ok(VIEWER)).viewer).toMatchObject({ email: 'admin@home.org' });
    await onSecond.ok(`mutation { signOut }`);
    // Ended on the second API, so ended on the first: the session lives in PostgreSQL only.
    const again = new GraphQLClient(apis[0]!.url);
    again.cookie = cookie;
    expect((await again.ok(VIEWER)).viewer).toBeNull();
  });

  it('send every delivery once, shared by both workers', async () => {
    const prefix = 'scaled-';
    const admin = await signInAdmin(apis[1]!.url);
    await inviteStaff(admin, db, emailsFor(prefix, 400));
    await until('every delivery is sent', async () => {
      return (await deliveryStatuses(db, prefix))['SENT'] === 400;
    });
    expect(
      receivedOf(
        sink.messages.map((m) => m.to[0]!),
        prefix,
      ),
    ).toEqual({
      total: 400,
      distinct: 400,
      duplicates: 0,
    });
    // A burst queued by one request is drained by both workers, not by the one woken first.
    const sentBy = await Promise.all(
      workers.map((w) => metricTotal(w.url, 'porter_delivery_attempts_total')),
    );
    expect(sentBy.reduce((a, b) => a + b, 0)).toBe(400);
    for (const sent of sentBy) expect(sent).toBeGreaterThan(0);
  });

  it('run every job once: a file uploaded to one API is imported by one worker, each row once', async () => {
    const admin = await signInAdmin(apis[0]!.url);
    const rows = Array.from({ length: 150 }, (_, i) => `job-${i}@example.org,Pat,${i}`);
    const params = new URLSearchParams({
      organisationId: db.world.home.organisation.id,
      deploymentId: db.world.home.first.id,
      expiryHours: '168',
      fileName: 'patients.csv',
    });
    const response = await fetch(`${apis[0]!.url}/api/patient-imports?${params.toString()}`, {
      method: 'POST',
      headers: { 'content-type': 'text/csv', 'x-porter-csrf': '1', cookie: admin.cookie! },
      body: ['Email,First name,Last name', ...rows].join('\n'),
    });
    expect(response.status).toBe(202);
    const { importId } = (await response.json()) as { importId: string };
    const onSecond = new GraphQLClient(apis[1]!.url);
    onSecond.cookie = admin.cookie;
    await until('the import completes', async () => {
      const { patientImport } = await onSecond.ok(IMPORT, { id: importId });
      return patientImport.status === 'DONE';
    });
    expect((await onSecond.ok(IMPORT, { id: importId })).patientImport).toMatchObject({
      invitedCount: 150,
      refusedCount: 0,
    });
    const [written] = await db.orm.em
      .getConnection()
      .execute<{ invitations: string; events: string }[]>(
        `select (select count(*) from invitation where address like 'job-%') as invitations,
              (select count(*) from event where type = 'import.completed') as events`,
      );
    expect(Number(written!.invitations)).toBe(150);
    expect(Number(written!.events)).toBe(1);
    await until('the patients’ email is sent', async () => {
      return (await deliveryStatuses(db, 'job-'))['SENT'] === 150;
    });
    expect(
      receivedOf(
        sink.messages.map((m) => m.to[0]!),
        'job-',
      ).duplicates,
    ).toBe(0);
  });

  it('stop cleanly together', async () => {
    const exits = await Promise.all([...apis, ...workers].map((p) => terminate(p.process)));
    expect(exits.map((e) => e.code)).toEqual([0, 0, 0, 0]);
  });
});
