import { Field, ID, ObjectType } from 'type-graphql';
import { DeploymentStatusEnum } from '../../common/graphql-enums.js';
import type { DeploymentEntity, DeploymentStatus } from './deployment.entity.js';

@ObjectType({ description: 'A programme or cohort inside an organisation, e.g. "Diabetes remote monitoring".' })
export class Deployment {
  @Field(() => ID, { description: 'Stable identifier.' })
  id!: string;

  @Field(() => ID, { description: 'The organisation it belongs to.' })
  organisationId!: string;

  @Field(() => String, { description: 'Display name.' })
  name!: string;

  @Field(() => DeploymentStatusEnum, { description: 'Draft, active or archived.' })
  status!: DeploymentStatus;

  @Field(() => Date, { description: 'When it was created.' })
  createdAt!: Date;
}

export function toDeployment(e: DeploymentEntity): Deployment {
  return Object.assign(new Deployment(), {
    id: e.id,
    organisationId: e.organisation.id,
    name: e.name,
    status: e.status,
    createdAt: e.createdAt,
  });
}
