import { Field, ID, ObjectType } from 'type-graphql';
import { GraphQLJSONObject } from 'graphql-scalars';
import { Connection } from '../../common/pagination.js';

@ObjectType({
  description:
    'One event of the stream: a lifecycle transition or membership change, written in the transaction of the change. Types are listed in `@porter/shared` EVENT_TYPES.',
})
export class Event {
  @Field(() => ID, { description: 'Stable identifier.' })
  id!: string;

  @Field(() => String, {
    description: 'Where it sits in the stream: a decimal integer, increasing in commit order.',
  })
  position!: string;

  @Field(() => String, { description: 'What happened, e.g. `invitation.accepted`.' })
  type!: string;

  @Field(() => Date, { description: 'When it happened.' })
  occurredAt!: Date;

  @Field(() => ID, { nullable: true, description: 'Organisation scope, if any.' })
  organisationId!: string | null;

  @Field(() => ID, { nullable: true, description: 'Deployment scope, if any.' })
  deploymentId!: string | null;

  @Field(() => ID, { nullable: true, description: 'The acting user; none for jobs and providers.' })
  actorId!: string | null;

  @Field(() => String, {
    nullable: true,
    description: 'Kind of thing it is about, e.g. `Invitation`, `User`, `Patient`.',
  })
  subjectType!: string | null;

  @Field(() => String, { nullable: true, description: 'Id of the thing it is about.' })
  subjectId!: string | null;

  @Field(() => GraphQLJSONObject, {
    description:
      'Details: `label` (readable name of the subject), `before` and `after`. Never a token or a secret.',
  })
  payload!: Record<string, unknown>;
}

export const EventConnection = Connection(Event, 'Event');
