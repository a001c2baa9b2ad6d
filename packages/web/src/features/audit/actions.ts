import { PERMISSIONS } from '@porter/shared';

/**
 * The audit actions the API records, with how people read them: in the filter (whose values stay
 * the API's action strings) and in the table.
 */
export const AUDIT_ACTIONS = [
  { value: 'sign-in.succeeded', label: 'Sign-in' },
  { value: 'sign-in.failed', label: 'Sign-in failed' },
  { value: 'sign-in.locked', label: 'Account locked' },
  { value: 'sign-out', label: 'Sign-out' },
  { value: 'role.granted', label: 'Role granted' },
  { value: 'role.changed', label: 'Role changed' },
  { value: 'role.removed', label: 'Removed from team' },
  { value: 'role.created', label: 'Role created' },
  { value: 'role.updated', label: 'Role updated' },
  { value: 'role.deleted', label: 'Role deleted' },
  { value: 'invitation.sent', label: 'Invitation sent' },
  { value: 'invitation.resent', label: 'Invitation resent' },
  { value: 'invitation.revoked', label: 'Invitation revoked' },
  { value: 'invitation.accepted', label: 'Invitation accepted' },
  { value: 'invitation.reminded', label: 'Invitation reminder' },
  { value: 'invitation.deleted', label: 'Invitation deleted' },
  { value: 'helper.invited', label: 'Helper invited' },
  { value: 'helper.joined', label: 'Helper joined' },
  { value: 'helper.removed', label: 'Helper removed' },
  { value: 'patient.offboarded', label: 'Patient offboarded' },
  { value: 'patient.reactivated', label: 'Patient reactivated' },
  { value: 'invite-link.created', label: 'Invite link created' },
  { value: 'invite-link.rotated', label: 'Invite link replaced' },
  { value: 'invite-link.revoked', label: 'Invite link revoked' },
  { value: 'invite-link.joined', label: 'Joined by invite link' },
  { value: 'patient-import.created', label: 'CSV import started' },
  { value: 'patient-import.finished', label: 'CSV import finished' },
  { value: 'organisation.created', label: 'Organisation created' },
  { value: 'organisation.updated', label: 'Organisation edited' },
  { value: 'organisation.archived', label: 'Organisation archived' },
  { value: 'organisation.restored', label: 'Organisation restored' },
  { value: 'organisation.deleted', label: 'Organisation deleted' },
  { value: 'deployment.created', label: 'Deployment created' },
  { value: 'deployment.updated', label: 'Deployment configured' },
  { value: 'deployment.archived', label: 'Deployment archived' },
  { value: 'deployment.restored', label: 'Deployment restored' },
] as const;

const LABELS = new Map<string, string>(AUDIT_ACTIONS.map((a) => [a.value, a.label]));

/** "role.changed" → "Role changed"; an action this SPA does not know yet is shown as it is. */
export function actionLabel(action: string): string {
  return LABELS.get(action) ?? action;
}

/** Failures stand out; everything else stays quiet. */
export function actionColour(action: string): string {
  if (
    action === 'sign-in.failed' ||
    action === 'sign-in.locked' ||
    action.endsWith('.removed') ||
    action.endsWith('.deleted')
  ) {
    return 'red';
  }
  if (action.startsWith('role.')) return 'porter';
  return 'gray';
}

type Json = Record<string, unknown> | null | undefined;

function text(value: unknown): string | null {
  return typeof value === 'string' && value.trim() ? value : null;
}

function strings(value: unknown): string[] {
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : [];
}

const PERMISSION_LABELS = new Map<string, string>(PERMISSIONS.map((p) => [p.key, p.label]));

function permissionList(keys: readonly string[]): string {
  return keys.map((k) => PERMISSION_LABELS.get(k) ?? k).join(', ');
}

export interface AuditDetailsInput {
  action: string;
  before?: Json;
  after?: Json;
  targetLabel?: string | null;
}

/**
 * What a role event changed, in words: "Deployment Staff → Contributor", "Removed Admin",
 * "Care coordinator: added Contact patient; removed Export patient data". Null for other events,
 * and for role events whose details are missing.
 */
export function auditDetails({
  action,
  before,
  after,
  targetLabel,
}: AuditDetailsInput): string | null {
  switch (action) {
    case 'role.changed': {
      const from = text(before?.['role']);
      const to = text(after?.['role']);
      if (from && to) return `${from} → ${to}`;
      return to ? `Now ${to}` : null;
    }
    case 'role.removed': {
      const role = text(before?.['role']);
      return role ? `Removed ${role}` : null;
    }
    case 'role.granted': {
      const role = text(after?.['role']);
      return role ? `Given ${role}` : null;
    }
    case 'role.created':
      return text(after?.['name']) ?? text(targetLabel);
    case 'role.deleted':
      return text(before?.['name']) ?? text(targetLabel);
    case 'role.updated': {
      const oldName = text(before?.['name']);
      const newName = text(after?.['name']) ?? text(targetLabel);
      const parts: string[] = [];
      if (oldName && newName && oldName !== newName) parts.push(`renamed from ${oldName}`);
      if (after && 'permissions' in after && before && 'permissions' in before) {
        const was = new Set(strings(before['permissions']));
        const now = new Set(strings(after['permissions']));
        const added = [...now].filter((p) => !was.has(p));
        const removed = [...was].filter((p) => !now.has(p));
        if (added.length) parts.push(`added ${permissionList(added)}`);
        if (removed.length) parts.push(`removed ${permissionList(removed)}`);
      }
      if (
        text(before?.['description']) !== text(after?.['description']) &&
        after &&
        'description' in after
      ) {
        parts.push('new description');
      }
      if (!newName) return parts.length ? parts.join('; ') : null;
      return parts.length ? `${newName}: ${parts.join('; ')}` : newName;
    }
    default:
      return null;
  }
}
