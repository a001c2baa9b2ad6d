import type { EntitySchema } from '@mikro-orm/core';
import { AuditEventEntity } from '../../modules/audit/audit-event.entity.js';
import { EventEntity } from '../../modules/event/event.entity.js';
import { SessionEntity } from '../../modules/auth/session.entity.js';
import { DeploymentEntity } from '../../modules/deployment/deployment.entity.js';
import { OrganisationEntity } from '../../modules/organisation/organisation.entity.js';
import { PermissionEntity } from '../../modules/role/permission.entity.js';
import { RoleAssignmentEntity } from '../../modules/role/role-assignment.entity.js';
import { RoleEntity } from '../../modules/role/role.entity.js';
import { UserEntity } from '../../modules/user/user.entity.js';
import {
  DeliveryAttemptEntity,
  InvitationDeliveryEntity,
  InvitationEntity,
  WithdrawnInvitationTokenEntity,
} from '../../modules/invitation/invitation.entity.js';
import { OutboxMessageEntity } from '../mail/outbox.entity.js';
import { PatientEntity } from '../../modules/patient/patient.entity.js';
import { PatientHelperEntity } from '../../modules/patient/patient-helper.entity.js';
import { VerificationCodeEntity } from '../../modules/auth/verification-code.entity.js';
import {
  InviteLinkClaimEntity,
  InviteLinkEntity,
} from '../../modules/invite-link/invite-link.entity.js';
import {
  InvitationAcceptStatEntity,
  InvitationStatEntity,
} from '../../modules/dashboard/invitation-stat.entity.js';
import {
  PatientImportChunkEntity,
  PatientImportEntity,
  PatientImportRowEntity,
} from '../../modules/patient-import/patient-import.entity.js';
import { EarlySmsStatusEntity } from '../../modules/delivery/index.js';

/** Every persisted entity; MikroORM discovers nothing by itself. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- schemas of many entity types in one list, as MikroORM's own `entities` option types it
export const ENTITIES: EntitySchema<any, any>[] = [
  OrganisationEntity,
  DeploymentEntity,
  UserEntity,
  PermissionEntity,
  RoleEntity,
  RoleAssignmentEntity,
  SessionEntity,
  AuditEventEntity,
  EventEntity,
  InvitationEntity,
  InvitationDeliveryEntity,
  DeliveryAttemptEntity,
  WithdrawnInvitationTokenEntity,
  EarlySmsStatusEntity,
  OutboxMessageEntity,
  PatientEntity,
  PatientHelperEntity,
  VerificationCodeEntity,
  InviteLinkEntity,
  InviteLinkClaimEntity,
  PatientImportEntity,
  PatientImportChunkEntity,
  PatientImportRowEntity,
  InvitationStatEntity,
  InvitationAcceptStatEntity,
];
