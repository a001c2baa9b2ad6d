import { once } from 'node:events';
import cookieParser from 'cookie-parser';
import type { Request, Response } from 'express';
import { stringify } from 'csv-stringify';
import { ERROR_CODES } from '@porter/shared';
import type { Deps, Services } from '../../common/context.js';
import type { HttpRoutes } from '../../common/http.js';
import { runInScope, type Scope } from '../../common/scope.js';
import type { Viewer } from '../../common/access.js';
import {
  AppError,
  BadInputError,
  ForbiddenError,
  UnauthenticatedError,
} from '../../common/errors.js';
import { readSessionCookie } from '../auth/index.js';
import { neutraliseCell } from './patient-import.csv.js';
import { patientImportJob } from './patient-import.jobs.js';
import { httpStatusOf, IMPORT_CHUNK_BYTES, IMPORT_MAX_BYTES } from './patient-import.service.js';
import { PATIENT_IMPORTS_PATH } from './patient-import.types.js';

export { PATIENT_IMPORTS_PATH };

const REPORT_PAGE = 1000;

async function viewerOf(req: Request, services: Services): Promise<Viewer> {
  const token = readSessionCookie(req);
  const viewer = token ? await services.auth.viewerFromToken(token) : null;
  if (!viewer) throw new UnauthenticatedError();
  return viewer;
}

const text = (value: unknown) => (typeof value === 'string' ? value : '');

function answer(res: Response, deps: Deps, error: unknown) {
  const { status, code, message } = httpStatusOf(error);
  if (status === 500)
    deps.log.error(
      `patient import route: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`,
    );
  if (!res.headersSent) res.status(status).json({ code, message });
  else res.destroy();
}

/**
 * POST /api/patient-imports?organisationId=&deploymentId=&expiryHours=&fileName= with the CSV as
 * the raw body: signed-in session (401), the `x-porter-csrf: 1` header (403; a custom header
 * cannot be sent cross-site without a CORS preflight, which this API never grants), and
 * `patient:manage` at the deployment (403, or 404 for one the viewer cannot enter). The body is
 * stored in ~256 KB chunks as it arrives, never held whole; past 20 MB the import is FAILED and
 * the answer is 413 IMPORT_TOO_LARGE. Then it is QUEUED, a worker is woken, and the answer is 202
 * `{ importId }`.
 *
 * GET /api/patient-imports/:id/report.csv: the per-row report, streamed in pages of 1,000 rows
 * (session only: it changes nothing). Emails and names need `patient:view-identifiers` and are
 * left empty without it. Cells a spreadsheet would run as formulas are prefixed with a quote.
 */
export const patientImportRoutes: HttpRoutes = (app, orm, deps, servicesOn) => {
  app.post(PATIENT_IMPORTS_PATH, cookieParser(), async (req, res) => {
    const em = orm.em.fork();
    const services = servicesOn(em);
    let importId: string | null = null;
    const conn = em.getConnection();
    const failImport = async (message: string) => {
      if (!importId) return;
      await conn.execute(
        `update patient_import set status = 'FAILED', error = ?, finished_at = ?, updated_at = ? where id = ?`,
        [message, deps.clock.now(), deps.clock.now(), importId],
      );
      await conn.execute('delete from patient_import_chunk where import_id = ?', [importId]);
    };
    try {
      const viewer = await viewerOf(req, services);
      if (req.get('x-porter-csrf') !== '1')
        throw new ForbiddenError('Send the x-porter-csrf: 1 header with uploads.');
      if (req.is('multipart/form-data') || req.is('application/x-www-form-urlencoded'))
        throw new BadInputError('Send the CSV file itself as the request body.');
      const expiryHours =
        req.query.expiryHours === undefined ? 168 : Number(text(req.query.expiryHours));
      const service = services.patientImports;
      const entity = await service.open(
        viewer,
        {
          organisationId: text(req.query.organisationId),
          deploymentId: text(req.query.deploymentId),
          expiryHours,
          fileName: text(req.query.fileName) || null,
        },
        req.ip ?? null,
      );
      importId = entity.id;

      let pending: Buffer[] = [];
      let pendingBytes = 0;
      let bytes = 0;
      let seq = 0;
      let tooLarge = false;
      const store = async () => {
        if (!pendingBytes) return;
        const data = Buffer.concat(pending, pendingBytes);
        pending = [];
        pendingBytes = 0;
        await conn.execute(
          'insert into patient_import_chunk (import_id, seq, data) values (?, ?, ?)',
          [importId, seq++, data],
        );
      };
      for await (const piece of req as AsyncIterable<Buffer>) {
        bytes += piece.length;
        if (tooLarge) {
          // The rest of the body is read and dropped so that the client sees the 413; past
          // four times the limit the connection is simply cut.
          if (bytes > 4 * IMPORT_MAX_BYTES) break;
          continue;
        }
        if (bytes > IMPORT_MAX_BYTES) {
          tooLarge = true;
          pending = [];
          await failImport(ERROR_CODES.IMPORT_TOO_LARGE);
          importId = null;
          res
            .set('connection', 'close')
            .status(413)
            .json({ code: 'IMPORT_TOO_LARGE', message: ERROR_CODES.IMPORT_TOO_LARGE });
          continue;
        }
        pending.push(piece);
        pendingBytes += piece.length;
        if (pendingBytes >= IMPORT_CHUNK_BYTES) await store();
      }
      if (tooLarge) return;
      await store();
      if (bytes === 0) throw new BadInputError('The file is empty.');
      await conn.execute(
        `update patient_import set status = 'QUEUED', byte_size = ?, chunk_count = ?, updated_at = ? where id = ?`,
        [bytes, seq, deps.clock.now(), importId],
      );
      try {
        // In the request's scope (the body's events ran outside it), so the job carries its id.
        const scope = (res.locals as { scope?: Scope }).scope;
        const wake = () => deps.jobs.enqueue(patientImportJob, { importId });
        await (scope ? runInScope(scope, wake) : wake());
      } catch (e) {
        // The sweeper picks QUEUED imports up within a minute.
        deps.log.warn(`patient import ${importId}: could not wake a worker: ${String(e)}`);
      }
      res.status(202).json({ importId });
    } catch (error) {
      const aborted = req.destroyed || req.readableAborted;
      await failImport(
        error instanceof AppError
          ? error.message
          : aborted
            ? 'The upload was interrupted.'
            : 'The upload could not be stored.',
      ).catch(() => undefined);
      if (aborted) return;
      answer(res, deps, error);
    }
  });

  app.get(`${PATIENT_IMPORTS_PATH}/:id/report.csv`, cookieParser(), async (req, res) => {
    try {
      const services = servicesOn(orm.em.fork());
      const viewer = await viewerOf(req, services);
      const service = services.patientImports;
      const { entity, identifiers } = await service.load(viewer, String(req.params.id));
      const base =
        (entity.fileName ?? 'patients')
          .replace(/\.csv$/i, '')
          .replace(/[^\w.-]+/g, '_')
          .slice(0, 80) || 'patients';
      res.status(200);
      res.set({
        'content-type': 'text/csv; charset=utf-8',
        'content-disposition': `attachment; filename="${base}-report.csv"`,
        'cache-control': 'no-store',
        'x-content-type-options': 'nosniff',
      });
      const csv = stringify({
        header: true,
        columns: ['row', 'email', 'first_name', 'last_name', 'outcome', 'message'],
      });
      csv.pipe(res);
      let after = 0;
      for (;;) {
        const rows = await service.rows(entity.id, null, REPORT_PAGE, after);
        for (const r of rows) {
          const line = [
            String(r.row_no),
            identifiers ? neutraliseCell(r.email) : '',
            identifiers ? neutraliseCell(r.first_name) : '',
            identifiers ? neutraliseCell(r.last_name) : '',
            r.outcome,
            neutraliseCell(r.message),
          ];
          if (!csv.write(line)) await once(csv, 'drain');
        }
        if (rows.length < REPORT_PAGE) break;
        after = rows.at(-1)!.row_no;
      }
      csv.end();
    } catch (error) {
      answer(res, deps, error);
    }
  });
};
