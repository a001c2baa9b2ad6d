/**
 * The permission catalogue. Permissions are data: roles hold lists of these keys, the API checks
 * them through one access service and the SPA shows or hides controls from the same list.
 */
export const PERMISSION_GROUPS = [
  'Patients',
  'Staff',
  'Organisation',
  'Platform',
  'Integrations',
] as const;
export type PermissionGroup = (typeof PERMISSION_GROUPS)[number];

export interface PermissionDefinition {
  readonly key: string;
  readonly label: string;
  readonly description: string;
  readonly group: PermissionGroup;
  /** Only meaningful on platform roles; custom roles can never hold it. */
  readonly platformOnly?: boolean;
}

export const PERMISSIONS = [
  {
    key: 'patient:view',
    group: 'Patients',
    label: 'View patient data',
    description: 'See patient data without identifying details. Every role has it.',
  },
  {
    key: 'patient:view-identifiers',
    group: 'Patients',
    label: 'View patient identifiers',
    description: 'See name, email, date of birth and phone number.',
  },
  {
    key: 'patient:manage',
    group: 'Patients',
    label: 'Manage patient data',
    description: 'Add, invite, resend, revoke and assign patients.',
  },
  {
    key: 'patient:edit',
    group: 'Patients',
    label: 'Edit patient data',
    description: 'Edit a patient profile.',
  },
  {
    key: 'patient:contact',
    group: 'Patients',
    label: 'Contact patient',
    description: 'Message and call patients.',
  },
  {
    key: 'patient:export',
    group: 'Patients',
    label: 'Export patient data',
    description: 'Export patient data as CSV or JSON.',
  },
  {
    key: 'patient:offboard',
    group: 'Patients',
    label: 'Offboard patient',
    description: 'Offboard and reactivate patients.',
  },
  {
    key: 'proxy:invite',
    group: 'Patients',
    label: 'Invite proxy',
    description: 'Invite a helper for a patient.',
  },
  {
    key: 'label:manage',
    group: 'Patients',
    label: 'Manage labels',
    description: 'Create and assign patient labels.',
  },
  {
    key: 'note:manage',
    group: 'Patients',
    label: 'Manage notes',
    description: 'Write and edit notes on patients.',
  },
  {
    key: 'staff:view',
    group: 'Staff',
    label: 'View staff list',
    description: 'See staff members and pending staff invitations.',
  },
  {
    key: 'staff:manage',
    group: 'Staff',
    label: 'Add and remove staff',
    description: 'Invite staff, change their role and remove them.',
  },
  {
    key: 'role:manage',
    group: 'Staff',
    label: 'Edit roles and permissions',
    description: 'Create, edit and delete custom roles.',
  },
  {
    key: 'audit:view',
    group: 'Staff',
    label: 'View audit log',
    description: 'Read the audit log.',
  },
  {
    key: 'deployment:create',
    group: 'Organisation',
    label: 'Create deployments',
    description: 'Create deployments in the organisation.',
  },
  {
    key: 'deployment:configure',
    group: 'Organisation',
    label: 'Configure deployments',
    description: 'Rename deployments and change their settings.',
  },
  {
    key: 'organisation:edit',
    group: 'Organisation',
    label: 'Edit organisation',
    description: 'Edit the organisation name, kind, targets and legal links.',
  },
  {
    key: 'organisation:delete',
    group: 'Organisation',
    label: 'Delete organisation',
    description: 'Delete the organisation.',
  },
  {
    key: 'platform:organisations',
    group: 'Platform',
    label: 'Manage organisations',
    description: 'Create, archive and restore organisations.',
    platformOnly: true,
  },
  {
    key: 'apikey:manage',
    group: 'Integrations',
    label: 'Manage API keys',
    description: 'Create and revoke organisation API keys.',
  },
  {
    key: 'webhook:manage',
    group: 'Integrations',
    label: 'Manage webhooks',
    description: 'Create and edit webhooks for invitation events.',
  },
] as const satisfies readonly PermissionDefinition[];

export type Permission = (typeof PERMISSIONS)[number]['key'];

export const PERMISSION_KEYS: readonly Permission[] = PERMISSIONS.map((p) => p.key);

/** Every custom role holds this one; it cannot be unticked. */
export const MANDATORY_PERMISSION: Permission = 'patient:view';

export function isPermission(value: string): value is Permission {
  return (PERMISSION_KEYS as readonly string[]).includes(value);
}
