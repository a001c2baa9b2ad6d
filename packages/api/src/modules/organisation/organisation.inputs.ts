import { Max, MaxLength, Min } from 'class-validator';
import { Field, InputType, Int } from 'type-graphql';
import { OrganisationKindEnum } from './organisation.types.js';
import type { OrganisationKind } from './organisation.entity.js';

@InputType({
  description: 'Everything an organisation is made of; an update replaces every field.',
})
export class OrganisationInput {
  @Field(() => String, { description: 'Display name, 1 to 200 characters.' })
  @MaxLength(200)
  name!: string;

  @Field(() => OrganisationKindEnum, {
    description: 'Remote patient monitoring or clinical trial.',
  })
  kind!: OrganisationKind;

  @Field(() => Int, { nullable: true, description: 'How many patients it aims to enrol.' })
  @Min(0)
  @Max(100_000_000)
  enrolmentTarget?: number | null;

  @Field(() => Int, {
    nullable: true,
    description: 'How many patients it aims to see complete; at most the enrolment target.',
  })
  @Min(0)
  @Max(100_000_000)
  completionTarget?: number | null;

  @Field(() => String, { nullable: true, description: 'Terms of use address (http or https).' })
  @MaxLength(2000)
  termsOfUseUrl?: string | null;

  @Field(() => String, { nullable: true, description: 'Privacy policy address (http or https).' })
  @MaxLength(2000)
  privacyPolicyUrl?: string | null;

  @Field(() => String, { nullable: true, description: 'Contact page address (http or https).' })
  @MaxLength(2000)
  contactUrl?: string | null;
}
