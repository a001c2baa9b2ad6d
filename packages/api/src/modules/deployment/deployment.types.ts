import { Field, ID, ObjectType, registerEnumType } from 'type-graphql';
import { asEnum } from '../../common/graphql-enums.js';
import { Connection } from '../../common/pagination.js';
import {
  DEPLOYMENT_STATUSES,
  type DeploymentEntity,
  type DeploymentStatus,
} from './deployment.entity.js';

export const DeploymentStatusEnum = asEnum(DEPLOYMENT_STATUSES);
registerEnumType(DeploymentStatusEnum, {
  name: 'DeploymentStatus',
  description: 'Lifecycle of a deployment.',
});

@ObjectType({ description: 'Switches that change what a deployment’s patient features do.' })
export class DeploymentSettings {
  @Field(() => Boolean, {
    description: 'Staff may invite helpers (proxies) for patients. On unless switched off.',
  })
  proxiesEnabled!: boolean;

  @Field(() => Boolean, { description: 'Staff may offboard patients. On unless switched off.' })
  offboardingEnabled!: boolean;

  @Field(() => Boolean, {
    description:
      'Pending invitations get an automatic reminder before they expire. On unless switched off.',
  })
  remindersEnabled!: boolean;

  @Field(() => String, {
    nullable: true,
    description:
      'ISO 3166 alpha-2 country for mobile numbers typed without a country code; null uses the platform default.',
  })
  smsDefaultCountry!: string | null;
}

@ObjectType({
  description: 'What the viewer may do to a deployment; the API checks every call again.',
})
export class DeploymentViewerCan {
  @Field(() => Boolean, {
    description: 'Rename it and change its settings (`deployment:configure`).',
  })
  configure!: boolean;

  @Field(() => Boolean, { description: 'Archive it (`deployment:create` in its organisation).' })
  archive!: boolean;

  @Field(() => Boolean, {
    description: 'Bring it back from the archive (`deployment:create` in its organisation).',
  })
  restore!: boolean;

  @Field(() => Boolean, {
    description: 'Invite staff and administrators to it (`staff:manage` there).',
  })
  inviteStaff!: boolean;
}

@ObjectType({
  description: 'A programme or cohort inside an organisation, e.g. "Diabetes remote monitoring".',
})
export class Deployment {
  @Field(() => ID, { description: 'Stable identifier.' })
  id!: string;

  @Field(() => ID, { description: 'The organisation it belongs to.' })
  organisationId!: string;

  @Field(() => String, { description: 'Display name.' })
  name!: string;

  @Field(() => DeploymentStatusEnum, {
    description:
      'Draft, active or archived. Archived deployments are hidden from people who only work in them.',
  })
  status!: DeploymentStatus;

  @Field(() => DeploymentSettings, { description: 'Feature switches.' })
  settings!: DeploymentSettings;

  @Field(() => Date, { description: 'When it was created.' })
  createdAt!: Date;
}

export function toDeployment(e: DeploymentEntity): Deployment {
  const settings = e.settings ?? {};
  return Object.assign(new Deployment(), {
    id: e.id,
    organisationId: e.organisation.id,
    name: e.name,
    status: e.status,
    settings: Object.assign(new DeploymentSettings(), {
      proxiesEnabled: settings.proxiesEnabled !== false,
      offboardingEnabled: settings.offboardingEnabled !== false,
      remindersEnabled: settings.remindersEnabled !== false,
      smsDefaultCountry: settings.smsDefaultCountry ?? null,
    }),
    createdAt: e.createdAt,
  });
}

export const DeploymentConnection = Connection(Deployment, 'Deployment');
