import { beforeEach, describe, expect, it } from 'vitest';
import { makePatient, PASSWORD } from '../../../test/factories.js';
import { useTestApi, type GraphQLClient, type TestApi } from '../../../test/harness.js';
import { makeWorld } from '../../../test/world.js';
import { AuditEventEntity } from '../audit/audit-event.entity.js';
import { PatientEntity } from '../patient/patient.entity.js';
import { IMPORT_MAX_BYTES } from './patient-import.service.js';
import {
  importsToResume,
  processPatientImport,
  type ProcessOptions,
} from './patient-import.processor.js';
import { PatientImportEntity } from './patient-import.entity.js';

const testApi = useTestApi();
let api: TestApi;
let world: Awaited<ReturnType<typeof makeWorld>>;
beforeEach(async () => {
  api = testApi();
  world = await makeWorld(api.orm.em.fork());
});

const IMPORT = `query($id: ID!, $refusedOnly: Boolean, $after: String, $first: Int) {
  patientImport(id: $id) {
    id status fileName totalRows processedRows invitedCount refusedCount error reportUrl createdBy { fullName }
    outcomeCounts { outcome count }
    rows(refusedOnly: $refusedOnly, first: $first, after: $after) { nodes { row email firstName lastName outcome message } pageInfo { hasNextPage endCursor } }
  } }`;

const as = (email: string) => api.client().signIn(email, PASSWORD);
const staff = () => as('deployment_staff@home.org');

async function upload(
  client: GraphQLClient | null,
  body: string | Buffer,
  options: {
    csrf?: boolean;
    deploymentId?: string;
    organisationId?: string;
    expiryHours?: string;
  } = {},
) {
  const params = new URLSearchParams({
    organisationId: options.organisationId ?? world.home.organisation.id,
    deploymentId: options.deploymentId ?? world.home.first.id,
    expiryHours: options.expiryHours ?? '168',
    fileName: 'patients.csv',
  });
  const response = await fetch(`${api.url}/api/patient-imports?${params.toString()}`, {
    method: 'POST',
    headers: {
      'content-type': 'text/csv',
      ...(options.csrf === false ? {} : { 'x-porter-csrf': '1' }),
      ...(client?.cookie ? { cookie: client.cookie } : {}),
    },
    body,
  });
  return {
    status: response.status,
    body: (await response.json()) as { importId?: string; code?: string; message?: string },
  };
}

const jobDeps = () => ({
  orm: api.orm,
  clock: api.clock,
  sealer: api.sealer,
  log: api.log,
  notifyDelivery: async () => undefined,
});
const run = (importId: string, options?: ProcessOptions) =>
  processPatientImport(jobDeps(), importId, options);

async function uploaded(csv: string, client?: GraphQLClient) {
  const { status, body } = await upload(client ?? (await staff()), csv);
  expect(status).toBe(202);
  return body.importId!;
}

async function report(client: GraphQLClient, importId: string) {
  const response = await fetch(`${api.url}/api/patient-imports/${importId}/report.csv`, {
    headers: client.cookie ? { cookie: client.cookie } : {},
  });
  return {
    status: response.status,
    disposition: response.headers.get('content-disposition'),
    type: response.headers.get('content-type'),
    text: await response.text(),
  };
}

const em = () => api.orm.em.fork();

describe('CSV import of patients', () => {
  it('invites the good rows with their names, reports every bad row, and the emails go out', async () => {
    const known = await makePatient(
      em(),
      {
        type: 'DEPLOYMENT',
        organisationId: world.home.organisation.id,
        deploymentId: world.home.first.id,
      },
      'ACTIVE',
    );
    const csv = [
      'Email,First name,Last name,Mobile',
      'ann@example.org,Ann,Archer,+447911123456',
      'not-an-email,Bob,Baker,',
      'ANN@example.org,Ann,Again,',
      `${known.email},Kim,Known,`,
      'cat@example.org,"=HYPERLINK(""http://evil.example"")",Cole,',
      ',No,Email,',
      'dan@example.org,Dan,Dale,extra,columns,here',
      '',
      ' Eve@Example.org ,Eve,Evans',
    ].join('\r\n');
    const client = await staff();
    const importId = await uploaded(csv, client);
    expect((await em().findOneOrFail(PatientImportEntity, { id: importId })).status).toBe('QUEUED');

    expect(await run(importId)).toBe('done');
    const { patientImport } = await client.ok(IMPORT, { id: importId });
    expect(patientImport).toMatchObject({
      status: 'DONE',
      fileName: 'patients.csv',
      totalRows: 8,
      processedRows: 8,
      invitedCount: 3,
      refusedCount: 5,
      error: null,
      reportUrl: `/api/patient-imports/${importId}/report.csv`,
      createdBy: { fullName: expect.any(String) },
    });
    expect(patientImport.rows.nodes.map((r: any) => [r.row, r.email, r.outcome])).toEqual([
      [2, 'ann@example.org', 'INVITED'],
      [3, 'not-an-email', 'INVALID'],
      [4, 'ann@example.org', 'DUPLICATE'],
      [5, known.email, 'ALREADY_MEMBER'],
      [6, 'cat@example.org', 'FORMULA'],
      [7, null, 'MISSING_EMAIL'],
      [8, 'dan@example.org', 'INVITED'],
      [9, 'eve@example.org', 'INVITED'],
    ]);
    expect(patientImport.outcomeCounts).toEqual(
      expect.arrayContaining([
        { outcome: 'INVITED', count: 3 },
        { outcome: 'FORMULA', count: 1 },
      ]),
    );
    const refused = (await client.ok(IMPORT, { id: importId, refusedOnly: true, first: 2 }))
      .patientImport.rows;
    expect(refused.nodes.map((r: any) => r.row)).toEqual([3, 4]);
    const more = (
      await client.ok(IMPORT, {
        id: importId,
        refusedOnly: true,
        first: 10,
        after: refused.pageInfo.endCursor,
      })
    ).patientImport.rows;
    expect(more.nodes.map((r: any) => r.row)).toEqual([5, 6, 7]);
    expect(more.pageInfo.hasNextPage).toBe(false);

    const patients = await em().find(
      PatientEntity,
      { deployment: world.home.first.id, status: 'INVITED' },
      { orderBy: { email: 'asc' } },
    );
    expect(patients.map((p) => [p.email, p.firstName, p.lastName])).toEqual([
      ['ann@example.org', 'Ann', 'Archer'],
      ['dan@example.org', 'Dan', 'Dale'],
      ['eve@example.org', 'Eve', 'Evans'],
    ]);
    // The formula never reached a patient record.
    expect(await em().count(PatientEntity, { email: 'cat@example.org' })).toBe(0);
    expect(await api.drain()).toMatchObject({ sent: 3 });
    expect(
      api.smtp.messages
        .map((m) => m.to)
        .flat()
        .sort(),
    ).toEqual(['ann@example.org', 'dan@example.org', 'eve@example.org']);
    const finished = await em().findOneOrFail(AuditEventEntity, {
      action: 'patient-import.finished',
    });
    expect(finished.after).toEqual({ totalRows: 8, invitedCount: 3, refusedCount: 5 });
    expect(await em().count(AuditEventEntity, { action: 'invitation.sent' })).toBe(3);
    // The upload itself is dropped once processed; the report stays.
    expect(
      await api.orm.em
        .getConnection()
        .execute(`select count(*)::int as n from patient_import_chunk where import_id = ?`, [
          importId,
        ]),
    ).toEqual([{ n: 0 }]);
    // A second import of the same people: already pending.
    const again = await uploaded('ann@example.org\n');
    await run(again);
    expect((await client.ok(IMPORT, { id: again })).patientImport.rows.nodes[0].outcome).toBe(
      'ALREADY_PENDING',
    );
  });

  it('reads a file without a header as email, first name, last name', async () => {
    const importId = await uploaded(
      '\uFEFFx1@example.org,Xavier,One\nx2@example.org\n"x3@example.org","Quoted, Name",Three\n',
    );
    await run(importId);
    const { patientImport } = await (await staff()).ok(IMPORT, { id: importId });
    expect(
      patientImport.rows.nodes.map((r: any) => [
        r.row,
        r.email,
        r.firstName,
        r.lastName,
        r.outcome,
      ]),
    ).toEqual([
      [1, 'x1@example.org', 'Xavier', 'One', 'INVITED'],
      [2, 'x2@example.org', null, null, 'INVITED'],
      [3, 'x3@example.org', 'Quoted, Name', 'Three', 'INVITED'],
    ]);
  });

  it('downloads the report as CSV with formula cells neutralised', async () => {
    const client = await staff();
    const importId = await uploaded(
      'email,first_name,surname\nok@example.org,Olly,Kay\nbad@example.org,@SUM(A1),X\n-2+3@example.org,Neg,Y\n',
      client,
    );
    await run(importId);
    const { status, disposition, type, text } = await report(client, importId);
    expect(status).toBe(200);
    expect(type).toMatch(/^text\/csv/);
    expect(disposition).toBe('attachment; filename="patients-report.csv"');
    const lines = text.trim().split('\n');
    expect(lines[0]).toBe('row,email,first_name,last_name,outcome,message');
    expect(lines[1]).toBe('2,ok@example.org,Olly,Kay,INVITED,');
    expect(lines[2]).toMatch(/^3,bad@example.org,'@SUM\(A1\),X,FORMULA,/);
    expect(lines[3]).toMatch(/^4,'-2\+3@example.org,Neg,Y,FORMULA,/);
    expect(text).not.toMatch(/(^|,)[=+\-@]/m);
    // The report of an import elsewhere is not found; no session, no report.
    expect((await report(await as('owner@foreign.org'), importId)).status).toBe(404);
    expect((await report(api.client(), importId)).status).toBe(401);
    expect((await report(await as('contributor@home.org'), importId)).status).toBe(403);
  });

  it('resumes after a crash from the last committed batch without doing a row twice', async () => {
    // 25 rows; row 23 repeats row 3, which was committed before the "crash".
    const rows = Array.from({ length: 25 }, (_, i) =>
      i === 22 ? 'r2@example.org,Again' : `r${i}@example.org,R${i}`,
    );
    const importId = await uploaded(rows.join('\n'));
    expect(await run(importId, { batchSize: 10, maxBatches: 1 })).toBe('stopped');
    let state = await em().findOneOrFail(PatientImportEntity, { id: importId });
    expect(state).toMatchObject({ status: 'RUNNING', nextRow: 10, invitedCount: 10 });
    // Still leased: another worker keeps off.
    expect(await run(importId, { batchSize: 10 })).toBe('skipped');
    api.clock.advance(3 * 60_000);
    expect(await run(importId, { batchSize: 10 })).toBe('done');
    state = await em().findOneOrFail(PatientImportEntity, { id: importId });
    expect(state).toMatchObject({
      status: 'DONE',
      totalRows: 25,
      invitedCount: 24,
      refusedCount: 1,
    });
    const report = await api.orm.em
      .getConnection()
      .execute<{ row_no: number; outcome: string }[]>(
        'select row_no, outcome from patient_import_row where import_id = ? order by row_no',
        [importId],
      );
    expect(report.map((r) => r.row_no)).toEqual(Array.from({ length: 25 }, (_, i) => i + 1));
    expect(report[22]!.outcome).toBe('DUPLICATE');
    expect(await em().count(PatientEntity, { deployment: world.home.first.id })).toBe(24);
    expect(
      await api.orm.em
        .getConnection()
        .execute(`select count(*)::int as n from invitation_delivery`),
    ).toEqual([{ n: 24 }]);
  });

  it('queues the import with the id of the upload request, so its log lines can be found', async () => {
    const client = await staff();
    const params = new URLSearchParams({
      organisationId: world.home.organisation.id,
      deploymentId: world.home.first.id,
      expiryHours: '168',
      fileName: 'patients.csv',
    });
    const response = await fetch(`${api.url}/api/patient-imports?${params.toString()}`, {
      method: 'POST',
      headers: {
        'content-type': 'text/csv',
        'x-porter-csrf': '1',
        'x-request-id': 'csv-upload-42',
        cookie: client.cookie!,
      },
      body: 'Email\nrid@example.org\n',
    });
    expect(response.status).toBe(202);
    expect(response.headers.get('x-request-id')).toBe('csv-upload-42');
    const { importId } = (await response.json()) as { importId: string };
    const jobs = await api.orm.em
      .getConnection()
      .execute<{ request_id: string | null }[]>(
        `select data->>'requestId' as request_id from agenda_jobs where name = 'patient-import' and data->>'importId' = ?`,
        [importId],
      );
    expect(jobs).toEqual([{ request_id: 'csv-upload-42' }]);
  });

  it('gives its lease back at once when told to stop, and the next run goes on from there', async () => {
    const rows = Array.from({ length: 25 }, (_, i) => `h${i}@example.org,H${i}`);
    const importId = await uploaded(rows.join('\n'));
    const stop = new AbortController();
    stop.abort();
    // A shutdown: the batch in hand commits, nothing more is read, the lease is released.
    expect(await run(importId, { batchSize: 10, signal: stop.signal })).toBe('handed back');
    const state = await em().findOneOrFail(PatientImportEntity, { id: importId });
    expect(state).toMatchObject({ status: 'RUNNING', nextRow: 10, invitedCount: 10 });
    expect(state.leaseUntil!.getTime()).toBeLessThanOrEqual(api.clock.now().getTime());
    // No two-minute wait: another worker resumes at once (the sweeper finds it), from row 11.
    api.clock.advance(1);
    expect(await importsToResume(api.orm, api.clock)).toEqual([importId]);
    expect(await run(importId, { batchSize: 10 })).toBe('done');
    expect(await em().findOneOrFail(PatientImportEntity, { id: importId })).toMatchObject({
      status: 'DONE',
      totalRows: 25,
      invitedCount: 25,
    });
    expect(
      await api.orm.em
        .getConnection()
        .execute(`select count(*)::int as n from patient_import_row where import_id = ?`, [
          importId,
        ]),
    ).toEqual([{ n: 25 }]);
  });

  it('lets only one of two simultaneous runs process the rows', async () => {
    const importId = await uploaded(
      Array.from({ length: 30 }, (_, i) => `c${i}@example.org`).join('\n'),
    );
    const outcomes = await Promise.all([
      run(importId, { batchSize: 7 }),
      run(importId, { batchSize: 7 }),
    ]);
    expect(outcomes.sort()).toEqual(['done', 'skipped']);
    expect(
      await api.orm.em
        .getConnection()
        .execute(
          `select count(*)::int as n, count(distinct row_no)::int as d from patient_import_row where import_id = ?`,
          [importId],
        ),
    ).toEqual([{ n: 30, d: 30 }]);
    expect(await em().count(PatientEntity, { deployment: world.home.first.id })).toBe(30);
    // A third run finds nothing to do.
    expect(await run(importId)).toBe('skipped');
  });

  it('is processed by the worker after the upload', async () => {
    await api.jobs.startWorker();
    const client = await staff();
    const importId = await uploaded('w1@example.org\nw2@example.org\n', client);
    let status = 'QUEUED';
    for (let i = 0; i < 100 && status !== 'DONE'; i++) {
      await new Promise((r) => setTimeout(r, 100));
      status = (await client.ok(IMPORT, { id: importId })).patientImport.status;
    }
    expect(status).toBe('DONE');
    await api.jobs.stopWorker();
  });

  it('fails a file that cannot be read, with the reason', async () => {
    const binary = await uploaded('PNG\u0000\u0001\u0002');
    await run(binary);
    const unclosed = await uploaded('ok@example.org\n"broken@example.org,Ann\nmore@example.org\n');
    await run(unclosed);
    const client = await staff();
    expect((await client.ok(IMPORT, { id: binary })).patientImport).toMatchObject({
      status: 'FAILED',
      error: expect.stringContaining('not a CSV'),
    });
    const failed = (await client.ok(IMPORT, { id: unclosed })).patientImport;
    expect(failed).toMatchObject({
      status: 'FAILED',
      error: expect.stringContaining('Quote Not Closed'),
    });
    const headerOnly = await uploaded('Email,First name\n');
    await run(headerOnly);
    expect((await client.ok(IMPORT, { id: headerOnly })).patientImport).toMatchObject({
      status: 'FAILED',
      error: 'The file has a header but no rows.',
    });
  });

  it('lists recent imports of a deployment, newest first', async () => {
    const client = await staff();
    const first = await uploaded('a@example.org', client);
    api.clock.advance(1000);
    const second = await uploaded('b@example.org', client);
    const { patientImports } = await client.ok(
      `query($o: ID!, $d: ID!) { patientImports(organisationId: $o, deploymentId: $d, first: 5) { id status } }`,
      {
        o: world.home.organisation.id,
        d: world.home.first.id,
      },
    );
    expect(patientImports.map((i: any) => i.id)).toEqual([second, first]);
  });
});

describe('who may import', () => {
  it('needs a session, the CSRF header, patient:manage, and a deployment of their own', async () => {
    const csv = 'x@example.org\n';
    expect(await upload(null, csv)).toEqual({
      status: 401,
      body: { code: 'UNAUTHENTICATED', message: expect.any(String) },
    });
    expect(await upload(await staff(), csv, { csrf: false })).toMatchObject({
      status: 403,
      body: { code: 'FORBIDDEN' },
    });
    expect(await upload(await as('contributor@home.org'), csv)).toMatchObject({
      status: 403,
      body: { code: 'FORBIDDEN' },
    });
    expect(await upload(await as('owner@foreign.org'), csv)).toMatchObject({
      status: 404,
      body: { code: 'NOT_FOUND' },
    });
    expect(
      await upload(await as('admin@home.org'), csv, { deploymentId: world.home.second.id }),
    ).toMatchObject({ status: 404, body: { code: 'NOT_FOUND' } });
    expect(await upload(await staff(), csv, { expiryHours: '72' })).toMatchObject({
      status: 400,
      body: { code: 'BAD_USER_INPUT' },
    });
    expect(await em().count(PatientImportEntity, {})).toBe(0);

    const importId = await uploaded(csv);
    expect(await (await as('owner@foreign.org')).code(IMPORT, { id: importId })).toBe('NOT_FOUND');
    expect(await (await as('contributor@home.org')).code(IMPORT, { id: importId })).toBe(
      'FORBIDDEN',
    );
    expect(
      await (
        await as('admin@foreign.org')
      ).code(
        `query($o: ID!, $d: ID!) { patientImports(organisationId: $o, deploymentId: $d) { id } }`,
        { o: world.home.organisation.id, d: world.home.first.id },
      ),
    ).toBe('NOT_FOUND');
  });

  it('refuses files over 20 MB with IMPORT_TOO_LARGE and marks the import failed', async () => {
    const big = Buffer.alloc(IMPORT_MAX_BYTES + 1024, 'a@example.org\n');
    const { status, body } = await upload(await staff(), big);
    expect(status).toBe(413);
    expect(body.code).toBe('IMPORT_TOO_LARGE');
    const [entity] = await em().find(PatientImportEntity, {});
    expect(entity!.status).toBe('FAILED');
    expect(
      await api.orm.em
        .getConnection()
        .execute(`select count(*)::int as n from patient_import_chunk`),
    ).toEqual([{ n: 0 }]);
  });
});
