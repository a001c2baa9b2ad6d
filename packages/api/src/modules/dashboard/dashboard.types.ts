import { Field, Float, Int, ObjectType } from 'type-graphql';
import type { ScopeType } from '@porter/shared';
import { ScopeTypeEnum } from '../../common/graphql-enums.js';
import { type InvitationKind, InvitationKindEnum } from '../invitation/index.js';
import { Role } from '../role/index.js';

@ObjectType({ description: 'How many live role assignments of one role the scope has.' })
export class DashboardRoleCount {
  @Field(() => Role, { description: 'The role.' })
  role!: Role;

  @Field(() => Int, {
    description:
      'Live assignments of this role in the scope (deployment roles included at organisation level).',
  })
  assignments!: number;
}

@ObjectType({ description: 'Invitations of one kind that can still be accepted.' })
export class DashboardPendingCount {
  @Field(() => InvitationKindEnum, { description: 'Staff, patients, or patients’ helpers.' })
  kind!: InvitationKind;

  @Field(() => Int, {
    description: 'Pending and not past expiry (expiry counted by the hour: see AdminDashboard).',
  })
  pending!: number;
}

@ObjectType({ description: 'One week (Monday 00:00 UTC onwards) of the invitation chart.' })
export class DashboardWeek {
  @Field(() => Date, { description: 'Monday 00:00 UTC.' })
  weekStart!: Date;

  @Field(() => Int, {
    description: 'Invitations created that week (each counts once, however often it was resent).',
  })
  sent!: number;

  @Field(() => Int, { description: 'Invitations accepted that week.' })
  accepted!: number;

  @Field(() => Int, {
    description:
      'Invitations whose expiry fell in that week (up to the current hour) without being accepted or revoked.',
  })
  expired!: number;
}

@ObjectType({
  description:
    'The admin dashboard of a scope (the platform, an organisation with its deployments, or one deployment). Invitation ' +
    'figures come from rollups kept by database triggers; expiry is counted by the UTC hour, so an invitation that ' +
    'expires during the current hour still counts as pending until the hour ends.',
})
export class AdminDashboard {
  @Field(() => ScopeTypeEnum, { description: 'The level the figures are for.' })
  scopeType!: ScopeType;

  @Field(() => InvitationKindEnum, {
    nullable: true,
    description: 'The invitation kind the chart and median are limited to; null for all kinds.',
  })
  kind!: InvitationKind | null;

  @Field(() => Date, { description: 'When the figures were read.' })
  generatedAt!: Date;

  @Field(() => Int, { description: 'People holding at least one live role in the scope.' })
  staff!: number;

  @Field(() => Int, {
    description: 'Of those, the people seen (any session used) in the last `activeDays` days.',
  })
  activeStaff!: number;

  @Field(() => Int, { description: 'The window of `activeStaff`, in days (30).' })
  activeDays!: number;

  @Field(() => [DashboardRoleCount], {
    description: 'Live role assignments per role, most held first.',
  })
  usersByRole!: DashboardRoleCount[];

  @Field(() => [DashboardPendingCount], {
    description: 'Pending invitations per kind (staff, patients, helpers), whatever `kind` says.',
  })
  pendingInvitations!: DashboardPendingCount[];

  @Field(() => [DashboardWeek], {
    description: 'The last 12 weeks, oldest first; the last is the current (partial) week.',
  })
  weeks!: DashboardWeek[];

  @Field(() => Int, { description: 'Invitations accepted in the last `medianWindowDays` days.' })
  acceptedInWindow!: number;

  @Field(() => Float, {
    nullable: true,
    description:
      'Median time from invitation to acceptance, in seconds, over the invitations accepted in the last `medianWindowDays` days ' +
      '(UTC days, today included); null when none was. Exact to within 5 %.',
  })
  medianSecondsToAccept!: number | null;

  @Field(() => Int, { description: 'The window of the median, in days (90).' })
  medianWindowDays!: number;
}
