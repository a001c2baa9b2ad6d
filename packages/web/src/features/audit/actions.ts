/** The audit actions the API records, with how the filter names them. */
export const AUDIT_ACTIONS = [
  { value: 'sign-in.succeeded', label: 'Sign-in succeeded' },
  { value: 'sign-in.failed', label: 'Sign-in failed' },
  { value: 'sign-in.locked', label: 'Account locked' },
  { value: 'sign-out', label: 'Signed out' },
  { value: 'role.granted', label: 'Role granted' },
  { value: 'role.changed', label: 'Role changed' },
  { value: 'role.removed', label: 'Role removed' },
  { value: 'role.created', label: 'Custom role created' },
  { value: 'role.updated', label: 'Custom role updated' },
  { value: 'role.deleted', label: 'Custom role deleted' },
] as const;

/** Failures stand out; everything else stays quiet. */
export function actionColour(action: string): string {
  if (action === 'sign-in.failed' || action === 'sign-in.locked' || action.endsWith('.removed') || action.endsWith('.deleted')) {
    return 'red';
  }
  if (action.startsWith('role.')) return 'porter';
  return 'gray';
}
