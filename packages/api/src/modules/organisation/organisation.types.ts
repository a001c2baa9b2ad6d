import { Field, ID, Int, ObjectType, registerEnumType } from 'type-graphql';
import { Connection } from '../../common/pagination.js';
import { asEnum } from '../../common/graphql-enums.js';
import {
  ORGANISATION_KINDS,
  type OrganisationEntity,
  type OrganisationKind,
} from './organisation.entity.js';

export const OrganisationKindEnum = asEnum(ORGANISATION_KINDS);
registerEnumType(OrganisationKindEnum, {
  name: 'OrganisationKind',
  description: 'What an organisation runs.',
});

@ObjectType({
  description: 'Links to an organisation’s legal documents, shown to people who join.',
})
export class LegalLinks {
  @Field(() => String, { nullable: true, description: 'Privacy policy address.' })
  privacyPolicyUrl!: string | null;

  @Field(() => String, { nullable: true, description: 'Terms of use address.' })
  termsOfUseUrl!: string | null;

  @Field(() => String, { nullable: true, description: 'Contact page address.' })
  contactUrl!: string | null;
}

@ObjectType({
  description: 'A care organisation: a hospital, a trial sponsor. The tenant boundary.',
})
export class Organisation {
  @Field(() => ID, { description: 'Stable identifier.' })
  id!: string;

  @Field(() => String, { description: 'Display name.' })
  name!: string;

  @Field(() => OrganisationKindEnum, {
    description: 'Remote patient monitoring or clinical trial.',
  })
  kind!: OrganisationKind;

  @Field(() => Int, { nullable: true, description: 'How many patients it aims to enrol.' })
  enrolmentTarget!: number | null;

  @Field(() => Int, { nullable: true, description: 'How many patients it aims to see complete.' })
  completionTarget!: number | null;

  @Field(() => LegalLinks, { description: 'Legal document links.' })
  legalLinks!: LegalLinks;

  @Field(() => Date, {
    nullable: true,
    description: 'When it was archived; archived organisations are hidden from their members.',
  })
  archivedAt!: Date | null;

  @Field(() => Date, { description: 'When it was created.' })
  createdAt!: Date;
}

export function toOrganisation(e: OrganisationEntity): Organisation {
  return Object.assign(new Organisation(), {
    id: e.id,
    name: e.name,
    kind: e.kind,
    enrolmentTarget: e.enrolmentTarget ?? null,
    completionTarget: e.completionTarget ?? null,
    legalLinks: {
      privacyPolicyUrl: e.legalLinks.privacyPolicyUrl ?? null,
      termsOfUseUrl: e.legalLinks.termsOfUseUrl ?? null,
      contactUrl: e.legalLinks.contactUrl ?? null,
    },
    archivedAt: e.archivedAt ?? null,
    createdAt: e.createdAt,
  });
}

export const OrganisationConnection = Connection(Organisation, 'Organisation');

@ObjectType({
  description: 'What the viewer may do to an organisation; the API checks every call again.',
})
export class OrganisationViewerCan {
  @Field(() => Boolean, {
    description: 'Edit name, kind, targets and legal links (`organisation:edit`).',
  })
  edit!: boolean;

  @Field(() => Boolean, { description: 'Archive it (platform `platform:organisations`).' })
  archive!: boolean;

  @Field(() => Boolean, { description: 'Restore it from the archive (Super Admin).' })
  restore!: boolean;

  @Field(() => Boolean, {
    description:
      'Delete it for good (`organisation:delete` held in the organisation: its Owners; not while archived).',
  })
  delete!: boolean;

  @Field(() => Boolean, { description: 'Create deployments in it (`deployment:create`).' })
  createDeployment!: boolean;

  @Field(() => Boolean, { description: 'Invite staff and administrators to it (`staff:manage`).' })
  inviteStaff!: boolean;
}
