import { Arg, Args, Authorized, Ctx, FieldResolver, ID, Query, Resolver, Root } from 'type-graphql';
import type { Context } from '../../common/context.js';
import { CurrentViewer } from '../../common/current-viewer.js';
import type { Viewer } from '../../common/access.js';
import { BadInputError } from '../../common/errors.js';
import { decodeCursor, toConnection } from '../../common/pagination.js';
import { REFUSED_OUTCOMES } from './patient-import.service.js';
import {
  ImportOutcomeCount,
  PatientImport,
  PatientImportRowConnection,
  PatientImportRowsArgs,
  PatientImportsArgs,
  toImportRow,
  toPatientImport,
} from './patient-import.types.js';
import type { ImportRowOutcome } from './patient-import.entity.js';

const service = (ctx: Context) => ctx.services.patientImports;

@Authorized()
@Resolver(() => PatientImport)
export class PatientImportResolver {
  @Query(() => PatientImport, {
    description:
      'A CSV import of patients (upload: POST /api/patient-imports), for its progress and report. Needs `patient:manage` at its deployment; emails and names in its rows also need `patient:view-identifiers`. Errors: NOT_FOUND, FORBIDDEN.',
  })
  async patientImport(
    @Arg('id', () => ID) id: string,
    @Ctx() ctx: Context,
    @CurrentViewer() viewer: Viewer,
  ): Promise<PatientImport> {
    return toPatientImport(await service(ctx).load(viewer, id));
  }

  @Query(() => [PatientImport], {
    description:
      'The latest CSV imports of a deployment, newest first. Needs `patient:manage`. Errors: NOT_FOUND, FORBIDDEN, BAD_USER_INPUT.',
  })
  async patientImports(
    @Args(() => PatientImportsArgs) args: PatientImportsArgs,
    @Ctx() ctx: Context,
    @CurrentViewer() viewer: Viewer,
  ): Promise<PatientImport[]> {
    return (
      await service(ctx).list(viewer, args.organisationId, args.deploymentId, args.first)
    ).map(toPatientImport);
  }

  @FieldResolver(() => PatientImportRowConnection, {
    description: 'The per-row report in file order, in keyset pages.',
  })
  async rows(
    @Root() parent: PatientImport,
    @Args(() => PatientImportRowsArgs) args: PatientImportRowsArgs,
    @Ctx() ctx: Context,
  ) {
    let outcomes: ImportRowOutcome[] | null = args.outcome?.length ? args.outcome : null;
    if (args.refusedOnly)
      outcomes = (outcomes ?? REFUSED_OUTCOMES).filter((o) => REFUSED_OUTCOMES.includes(o));
    const from = args.after ? Number(decodeCursor(args.after, 1)[0]) : 0;
    if (!Number.isInteger(from))
      throw new BadInputError('The cursor is not valid.', { field: 'after' });
    const rows = await service(ctx).rows(parent.id, outcomes, args.first + 1, from);
    return toConnection(
      rows,
      args.first,
      (r) => [r.row_no],
      (r) => toImportRow(r, parent.identifiers),
    );
  }

  @FieldResolver(() => [ImportOutcomeCount], {
    description: 'Rows per outcome so far (outcomes with no rows left out).',
  })
  async outcomeCounts(
    @Root() parent: PatientImport,
    @Ctx() ctx: Context,
  ): Promise<ImportOutcomeCount[]> {
    const rows = await ctx.em
      .getConnection()
      .execute<{ outcome: ImportRowOutcome; count: string }[]>(
        'select outcome, count(*) as count from patient_import_row where import_id = ? group by outcome order by outcome',
        [parent.id],
      );
    return rows.map((r) => ({ outcome: r.outcome, count: Number(r.count) }));
  }
}
