import type { EventType } from './events.js';

/**
 * The audit actions the API records, each with how people read it and the event it is written
 * with. The API's one writer appends the audit row and that event together (same transaction,
 * same statement for the set-based paths), so an audited change always has its event. Sign-ins
 * and sign-outs (event `null`) are security records that change nothing in an organisation, so
 * they stay out of the event stream. The reverse direction: events no person did — a message
 * handed to or reported by the provider, and the expiry job — are in the stream only
 * (`EVENT_ONLY_TYPES`), as they would bury the audit log under one row per message.
 */
export const AUDIT_ACTION_DEFINITIONS = {
  'sign-in.succeeded': { label: 'Sign-in', event: null },
  'sign-in.failed': { label: 'Sign-in failed', event: null },
  'sign-in.locked': { label: 'Account locked', event: null },
  'sign-out': { label: 'Sign-out', event: null },
  'role.granted': { label: 'Role granted', event: 'membership.created' },
  'role.changed': { label: 'Role changed', event: 'membership.role_changed' },
  'role.removed': { label: 'Removed from team', event: 'membership.removed' },
  'role.created': { label: 'Role created', event: 'role.created' },
  'role.updated': { label: 'Role updated', event: 'role.updated' },
  'role.deleted': { label: 'Role deleted', event: 'role.deleted' },
  'invitation.sent': { label: 'Invitation sent', event: 'invitation.created' },
  'invitation.resent': { label: 'Invitation resent', event: 'invitation.resent' },
  'invitation.delivery-retried': {
    label: 'Invitation delivery retried',
    event: 'invitation.delivery_retried',
  },
  'invitation.revoked': { label: 'Invitation revoked', event: 'invitation.revoked' },
  'invitation.accepted': { label: 'Invitation accepted', event: 'invitation.accepted' },
  'invitation.reminded': { label: 'Invitation reminder', event: 'invitation.reminded' },
  'invitation.deleted': { label: 'Invitation deleted', event: 'invitation.deleted' },
  'helper.invited': { label: 'Helper invited', event: 'invitation.created' },
  'helper.joined': { label: 'Helper joined', event: 'helper.linked' },
  'helper.removed': { label: 'Helper removed', event: 'helper.removed' },
  'patient.offboarded': { label: 'Patient offboarded', event: 'patient.offboarded' },
  'patient.reactivated': { label: 'Patient reactivated', event: 'patient.reactivated' },
  'invite-link.created': { label: 'Invite link created', event: 'invite_link.created' },
  'invite-link.rotated': { label: 'Invite link replaced', event: 'invite_link.rotated' },
  'invite-link.revoked': { label: 'Invite link revoked', event: 'invite_link.revoked' },
  'invite-link.joined': { label: 'Joined by invite link', event: 'invite_link.joined' },
  'patient-import.created': { label: 'CSV import started', event: 'import.started' },
  'patient-import.finished': { label: 'CSV import finished', event: 'import.completed' },
  'organisation.created': { label: 'Organisation created', event: 'organisation.created' },
  'organisation.updated': { label: 'Organisation edited', event: 'organisation.updated' },
  'organisation.archived': { label: 'Organisation archived', event: 'organisation.archived' },
  'organisation.restored': { label: 'Organisation restored', event: 'organisation.restored' },
  'organisation.deleted': { label: 'Organisation deleted', event: 'organisation.deleted' },
  'deployment.created': { label: 'Deployment created', event: 'deployment.created' },
  'deployment.updated': { label: 'Deployment configured', event: 'deployment.updated' },
  'deployment.archived': { label: 'Deployment archived', event: 'deployment.archived' },
  'deployment.restored': { label: 'Deployment restored', event: 'deployment.restored' },
} as const satisfies Record<string, { label: string; event: EventType | null }>;

export type AuditAction = keyof typeof AUDIT_ACTION_DEFINITIONS;

/** Every audit action, in the order the audit filter offers them. */
export const AUDIT_ACTIONS = Object.keys(AUDIT_ACTION_DEFINITIONS) as AuditAction[];

/** How people read each action (the audit table and its filter). */
export const AUDIT_ACTION_LABELS: Record<AuditAction, string> = Object.fromEntries(
  AUDIT_ACTIONS.map((a) => [a, AUDIT_ACTION_DEFINITIONS[a].label]),
) as Record<AuditAction, string>;

/** The event an audit action is written with, or null for the audit-only security records. */
export function auditEventType(action: AuditAction): EventType | null {
  return AUDIT_ACTION_DEFINITIONS[action].event;
}

/** Events with no audit row: what the provider and the expiry job did, not a person. */
export const EVENT_ONLY_TYPES = [
  'invitation.sent',
  'invitation.delivered',
  'invitation.delivery_failed',
  'invitation.expired',
] as const satisfies readonly EventType[];
