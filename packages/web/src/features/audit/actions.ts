import { AUDIT_ACTION_LABELS, AUDIT_ACTIONS, PERMISSIONS } from '@porter/shared';

/**
 * The audit actions the API records and how people read them come from `@porter/shared`: the
 * filter offers them (its values stay the API's action strings) and the table words them.
 */
export const AUDIT_ACTION_OPTIONS = AUDIT_ACTIONS.map((value) => ({
  value,
  label: AUDIT_ACTION_LABELS[value],
}));

/** "role.changed" → "Role changed"; an action this SPA does not know yet is shown as it is. */
export function actionLabel(action: string): string {
  return (AUDIT_ACTION_LABELS as Record<string, string | undefined>)[action] ?? action;
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
