import { MaxLength } from 'class-validator';
import { Field, ID, InputType } from 'type-graphql';

@InputType({ description: 'Feature switches to change; omitted ones stay as they are.' })
export class DeploymentSettingsInput {
  @Field(() => Boolean, { nullable: true, description: 'Staff may invite helpers (proxies).' })
  proxiesEnabled?: boolean | null;

  @Field(() => Boolean, { nullable: true, description: 'Staff may offboard patients.' })
  offboardingEnabled?: boolean | null;

  @Field(() => Boolean, {
    nullable: true,
    description: 'Automatic reminders for pending invitations.',
  })
  remindersEnabled?: boolean | null;

  @Field(() => String, {
    nullable: true,
    description: 'ISO 3166 alpha-2 code such as GB; null or empty for the platform default.',
  })
  @MaxLength(8)
  smsDefaultCountry?: string | null;
}

@InputType({ description: 'A new deployment.' })
export class CreateDeploymentInput {
  @Field(() => ID, { description: 'The organisation it belongs to.' })
  organisationId!: string;

  @Field(() => String, { description: 'Display name, 1 to 200 characters.' })
  @MaxLength(200)
  name!: string;

  @Field(() => DeploymentSettingsInput, {
    nullable: true,
    description: 'Feature switches; everything is on by default.',
  })
  settings?: DeploymentSettingsInput | null;
}

@InputType({ description: 'Changes to a deployment; omitted fields stay as they are.' })
export class UpdateDeploymentInput {
  @Field(() => String, { nullable: true, description: 'New display name.' })
  @MaxLength(200)
  name?: string | null;

  @Field(() => DeploymentSettingsInput, {
    nullable: true,
    description: 'Feature switches to change.',
  })
  settings?: DeploymentSettingsInput | null;
}
