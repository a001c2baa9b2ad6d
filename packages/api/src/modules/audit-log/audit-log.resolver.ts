import { Args, ArgsType, Authorized, Ctx, Field, ID, Query, Resolver } from 'type-graphql';
import { MaxLength } from 'class-validator';
import type { FilterQuery } from '@mikro-orm/postgresql';
import type { Context } from '../../common/context.js';
import { CurrentViewer } from '../../common/current-viewer.js';
import { type Viewer, access } from '../../common/access.js';
import { decodeCursor, PageArgs, toConnection } from '../../common/pagination.js';
import { NotFoundError } from '../../common/errors.js';
import { isUuid } from '../../common/ids.js';
import { resolveScope } from '../organisation/index.js';
import { AuditEventEntity } from '../audit/index.js';
import { AuditEvent, AuditEventConnection, toAuditEvent } from './audit-log.types.js';

@ArgsType()
class AuditEventsArgs extends PageArgs {
  @Field(() => ID, {
    nullable: true,
    description: 'An organisation’s events; omit for every event (platform `audit:view`).',
  })
  organisationId?: string | null;

  @Field(() => ID, {
    nullable: true,
    description: 'Only one deployment’s events (needs `audit:view` there).',
  })
  deploymentId?: string | null;

  @Field(() => String, { nullable: true, description: 'Only this action, e.g. `sign-in.failed`.' })
  @MaxLength(64)
  action?: string | null;

  @Field(() => String, {
    nullable: true,
    description: 'Only events whose actor email contains this text.',
  })
  @MaxLength(254)
  actor?: string | null;
}

@Authorized()
@Resolver(() => AuditEvent)
export class AuditResolver {
  @Query(() => AuditEventConnection, {
    description:
      'Audit events, newest first: of an organisation, of one of its deployments, or (with neither) of the whole platform. Needs `audit:view` at that scope. Errors: FORBIDDEN, NOT_FOUND.',
  })
  async auditEvents(
    @Args(() => AuditEventsArgs) args: AuditEventsArgs,
    @Ctx() ctx: Context,
    @CurrentViewer() viewer: Viewer,
  ) {
    const where: FilterQuery<AuditEventEntity>[] = [];
    // Platform auditors read an organisation's events by id even after it was deleted: events
    // hold plain ids, so the history outlives the organisation.
    if (
      args.organisationId &&
      !args.deploymentId &&
      access.can(ctx.viewer, 'audit:view', { type: 'PLATFORM' })
    ) {
      if (!isUuid(args.organisationId))
        throw new NotFoundError('Organisation', args.organisationId);
      where.push({ organisationId: args.organisationId });
    } else {
      const scope = await resolveScope(ctx.em, viewer, args.organisationId, args.deploymentId);
      access.require(ctx.viewer, 'audit:view', scope);
      if (scope.type !== 'PLATFORM') where.push({ organisationId: scope.organisationId });
      if (scope.type === 'DEPLOYMENT') where.push({ deploymentId: scope.deploymentId });
    }
    if (args.action) where.push({ action: args.action });
    if (args.actor)
      where.push({ actorEmail: { $ilike: `%${args.actor.replace(/[\\%_]/g, (c) => `\\${c}`)}%` } });
    if (args.after) {
      const [at, id] = decodeCursor(args.after, 2) as [string, string];
      const date = new Date(at);
      where.push({ $or: [{ occurredAt: { $lt: date } }, { occurredAt: date, id: { $lt: id } }] });
    }
    const rows = await ctx.em.find(
      AuditEventEntity,
      { $and: where },
      { orderBy: { occurredAt: 'desc', id: 'desc' }, limit: args.first + 1 },
    );
    return toConnection(rows, args.first, (r) => [r.occurredAt.toISOString(), r.id], toAuditEvent);
  }
}
