import type { Entities } from '../infra/db/orm.js';
import { AuditEventEntity } from '../modules/audit/index.js';
import { EventEntity } from '../modules/event/index.js';
import { SessionEntity, VerificationCodeEntity } from '../modules/auth/index.js';
import { DeploymentEntity } from '../modules/deployment/index.js';
import { OrganisationEntity } from '../modules/organisation/index.js';
import { PermissionEntity, RoleAssignmentEntity, RoleEntity } from '../modules/role/index.js';
import { UserEntity } from '../modules/user/index.js';
import { InvitationEntity, WithdrawnInvitationTokenEntity } from '../modules/invitation/index.js';
import { OutboxMessageEntity } from '../infra/mail/outbox.entity.js';
import { PatientEntity, PatientHelperEntity } from '../modules/patient/index.js';
import {
  DeliveryAttemptEntity,
  deliveriesBelongTo,
  EarlySmsStatusEntity,
  InvitationDeliveryEntity,
} from '../modules/delivery/index.js';
import { InviteLinkClaimEntity, InviteLinkEntity } from '../modules/invite-link/index.js';
import { InvitationAcceptStatEntity, InvitationStatEntity } from '../modules/dashboard/index.js';
import {
  PatientImportChunkEntity,
  PatientImportEntity,
  PatientImportRowEntity,
} from '../modules/patient-import/index.js';

// Deliveries belong to invitations; the delivery module cannot import the entity (see there).
deliveriesBelongTo(InvitationEntity);

/** Every persisted entity; MikroORM discovers nothing by itself. */
export const ENTITIES: Entities = [
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
