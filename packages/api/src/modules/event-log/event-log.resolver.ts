import { Args, ArgsType, Authorized, Ctx, Field, ID, Query, Resolver } from 'type-graphql';
import { ArrayMaxSize } from 'class-validator';
import { isEventType, type EventType } from '@porter/shared';
import type { Context } from '../../common/context.js';
import { access, type Viewer } from '../../common/access.js';
import { CurrentViewer } from '../../common/current-viewer.js';
import { BadInputError, NotFoundError } from '../../common/errors.js';
import { decodeCursor, PageArgs, toConnection } from '../../common/pagination.js';
import { isUuid } from '../../common/ids.js';
import { resolveScope } from '../organisation/index.js';
import { readEvents, type EventQuery } from './event-log.reader.js';
import { Event, EventConnection } from './event-log.types.js';

@ArgsType()
class EventsArgs extends PageArgs {
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

  @Field(() => [String], {
    nullable: true,
    description: 'Only events of these types, e.g. `["invitation.accepted"]`.',
  })
  @ArrayMaxSize(100)
  types?: string[] | null;
}

@Authorized()
@Resolver(() => Event)
export class EventResolver {
  @Query(() => EventConnection, {
    description:
      'The event stream, oldest first: of an organisation, of one of its deployments, or (with neither) of the whole platform. Pass the last `endCursor` as `after` to read on from there; the order is stable, and an event never appears before one already read. Needs `audit:view` at that scope. Errors: FORBIDDEN, NOT_FOUND, BAD_USER_INPUT (an unknown type or cursor).',
  })
  async events(
    @Args(() => EventsArgs) args: EventsArgs,
    @Ctx() ctx: Context,
    @CurrentViewer() viewer: Viewer,
  ) {
    let scope: EventQuery['scope'];
    // As for audit events: platform auditors read a deleted organisation's events by id.
    if (
      args.organisationId &&
      !args.deploymentId &&
      access.can(viewer, 'audit:view', { type: 'PLATFORM' })
    ) {
      if (!isUuid(args.organisationId))
        throw new NotFoundError('Organisation', args.organisationId);
      scope = { type: 'ORGANISATION_ID', organisationId: args.organisationId };
    } else {
      const resolved = await resolveScope(ctx.em, viewer, args.organisationId, args.deploymentId);
      access.require(viewer, 'audit:view', resolved);
      scope = resolved;
    }
    const unknown = args.types?.find((t) => !isEventType(t));
    if (unknown !== undefined)
      throw new BadInputError(`Unknown event type: ${unknown}.`, { field: 'types' });
    let after: bigint | null = null;
    if (args.after) {
      const [position] = decodeCursor(args.after, 1);
      if (typeof position !== 'string' || !/^\d{1,19}$/.test(position))
        throw new BadInputError('The cursor is not valid.', { field: 'after' });
      after = BigInt(position);
    }
    const rows = await readEvents(ctx.em, {
      scope,
      after,
      types: (args.types as EventType[] | null | undefined) ?? null,
      limit: args.first + 1,
    });
    return toConnection(
      rows,
      args.first,
      (e) => [e.position],
      (e) => e,
    );
  }
}
