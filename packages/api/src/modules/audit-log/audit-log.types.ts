import { Field, ID, ObjectType } from 'type-graphql';
import { GraphQLJSONObject } from 'graphql-scalars';
import { Connection } from '../../common/pagination.js';
import type { AuditEventEntity } from '../audit/index.js';

@ObjectType({ description: 'One append-only record of a change or sign-in.' })
export class AuditEvent {
  @Field(() => ID, { description: 'Stable identifier.' })
  id!: string;

  @Field(() => Date, { description: 'When it happened.' })
  occurredAt!: Date;

  @Field(() => String, { description: 'What happened, e.g. `sign-in.succeeded`, `role.granted`.' })
  action!: string;

  @Field(() => ID, { nullable: true, description: 'The acting user.' })
  actorId!: string | null;

  @Field(() => String, { nullable: true, description: 'The acting user’s email at the time.' })
  actorEmail!: string | null;

  @Field(() => ID, { nullable: true, description: 'Organisation scope, if any.' })
  organisationId!: string | null;

  @Field(() => ID, { nullable: true, description: 'Deployment scope, if any.' })
  deploymentId!: string | null;

  @Field(() => String, {
    nullable: true,
    description: 'Kind of thing changed, e.g. `User`, `Role`.',
  })
  targetType!: string | null;

  @Field(() => String, { nullable: true, description: 'Id of the thing changed.' })
  targetId!: string | null;

  @Field(() => String, {
    nullable: true,
    description: 'Readable name of the thing changed at the time.',
  })
  targetLabel!: string | null;

  @Field(() => GraphQLJSONObject, { nullable: true, description: 'State before the change.' })
  before!: Record<string, unknown> | null;

  @Field(() => GraphQLJSONObject, {
    nullable: true,
    description: 'State after the change, or details.',
  })
  after!: Record<string, unknown> | null;

  @Field(() => String, { nullable: true, description: 'Client IP address.' })
  ip!: string | null;
}

export function toAuditEvent(e: AuditEventEntity): AuditEvent {
  return Object.assign(new AuditEvent(), {
    id: e.id,
    occurredAt: e.occurredAt,
    action: e.action,
    actorId: e.actorId ?? null,
    actorEmail: e.actorEmail ?? null,
    organisationId: e.organisationId ?? null,
    deploymentId: e.deploymentId ?? null,
    targetType: e.targetType ?? null,
    targetId: e.targetId ?? null,
    targetLabel: e.targetLabel ?? null,
    before: e.before ?? null,
    after: e.after ?? null,
    ip: e.ip ?? null,
  });
}

export const AuditEventConnection = Connection(AuditEvent, 'AuditEvent');
