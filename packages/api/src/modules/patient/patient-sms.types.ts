import { Field, ID, InputType, Int, ObjectType } from 'type-graphql';
import { IsIn, MaxLength } from 'class-validator';
import { PATIENT_EXPIRY_HOURS, type Channel } from '@porter/shared';
import { InvitationChannelEnum } from '../invitation/index.js';

@InputType({ description: 'One patient to invite by text message.' })
export class PatientSmsInput {
  @Field(() => ID, { description: 'The organisation.' })
  organisationId!: string;

  @Field(() => ID, { description: 'The deployment.' })
  deploymentId!: string;

  @Field(() => String, {
    description: 'First name, 1 to 100 characters; the text greets them by it.',
  })
  @MaxLength(200)
  firstName!: string;

  @Field(() => String, { description: 'Last name, 1 to 100 characters.' })
  @MaxLength(200)
  lastName!: string;

  @Field(() => String, {
    description:
      'Mobile number as typed: international (+44 7911 123456) or national in the deployment’s default country (07911 123456).',
  })
  @MaxLength(40)
  mobile!: string;

  @Field(() => Int, {
    defaultValue: 168,
    description: 'Hours until expiry: 24, 48, 168 (7 days) or 8760 (1 year).',
  })
  @IsIn([...PATIENT_EXPIRY_HOURS])
  expiryHours: number = 168;

  @Field(() => InvitationChannelEnum, {
    defaultValue: 'SMS',
    description:
      'The mobile channel the invitation goes by (SMS unless another is given); an email channel is BAD_USER_INPUT (details.field = channel).',
  })
  channel: Channel = 'SMS';
}

@ObjectType({ description: 'The text message an SMS invitation would send, before sending it.' })
export class SmsPreview {
  @Field(() => String, { description: 'The number it goes to, E.164 (+447911123456).' })
  to!: string;

  @Field(() => String, { description: 'The number written for people (+44 7911 123456).' })
  toDisplay!: string;

  @Field(() => String, {
    description:
      'Exactly the text that will be sent, except that the personal link’s token (made only when sending) is shown as “…”.',
  })
  text!: string;

  @Field(() => Int, {
    description: 'Length of the text as sent (with the real token), in the units SMS limits count.',
  })
  characters!: number;

  @Field(() => Int, { description: 'How many SMS parts the text as sent takes.' })
  segments!: number;
}
