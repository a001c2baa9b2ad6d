import { PERMISSION_KEYS, type Permission } from './permissions.js';
import type { ScopeType } from './scope.js';

/**
 * The default roles, seeded into the database by migration and read-only there. Permission lists
 * follow Huma's live permission table (research/huma.md §2.3), with the staff, role, audit and
 * deployment permissions each role needs for the gist in PRODUCT.md §2 added.
 */
export const DEFAULT_ROLE_KEYS = [
  'SUPER_ADMIN',
  'ACCOUNT_MANAGER',
  'SUPPORT',
  'ORGANISATION_OWNER',
  'ORGANISATION_EDITOR',
  'ACCESS_CONTROLLER',
  'ORGANISATION_STAFF',
  'ADMIN',
  'DEPLOYMENT_STAFF',
  'CONTRIBUTOR',
] as const;
export type DefaultRoleKey = (typeof DEFAULT_ROLE_KEYS)[number];

/** In a grant list, stands for "any custom role of the organisation". */
export const CUSTOM_ROLES = 'CUSTOM' as const;
export type GrantTarget = DefaultRoleKey | typeof CUSTOM_ROLES;

export interface DefaultRoleDefinition {
  readonly key: DefaultRoleKey;
  readonly name: string;
  readonly description: string;
  readonly scopes: readonly ScopeType[];
  readonly permissions: readonly Permission[];
  /** Roles that a holder of this role may grant (PRODUCT.md §2, "who may grant what", rule 1). */
  readonly grants: readonly GrantTarget[];
  /** Admin-level roles: a scope must keep at least one holder. */
  readonly keeper?: boolean;
}

const ALL: readonly Permission[] = PERMISSION_KEYS;
const ORGANISATION_WIDE = ALL.filter((p) => p !== 'platform:organisations');
const ADMINISTRATORS: readonly GrantTarget[] = [
  'ORGANISATION_OWNER',
  'ORGANISATION_EDITOR',
  'ACCESS_CONTROLLER',
  'ADMIN',
];

export const DEFAULT_ROLES: readonly DefaultRoleDefinition[] = [
  {
    key: 'SUPER_ADMIN',
    name: 'Super Admin',
    description: 'Everything on the platform, including restoring archived organisations.',
    scopes: ['PLATFORM'],
    permissions: ALL,
    grants: [...DEFAULT_ROLE_KEYS, CUSTOM_ROLES],
    keeper: true,
  },
  {
    key: 'ACCOUNT_MANAGER',
    name: 'Account Manager',
    description:
      'Creates organisations, invites organisation staff and deployment admins, configures deployments.',
    scopes: ['PLATFORM'],
    permissions: [
      'patient:view',
      'staff:view',
      'staff:manage',
      'audit:view',
      'deployment:create',
      'deployment:configure',
      'organisation:edit',
      'platform:organisations',
    ],
    grants: ADMINISTRATORS,
  },
  {
    key: 'SUPPORT',
    name: 'Support',
    description:
      'Invites organisation staff and deployment admins, configures deployments, reads everything.',
    scopes: ['PLATFORM'],
    permissions: [
      'patient:view',
      'staff:view',
      'staff:manage',
      'audit:view',
      'deployment:configure',
    ],
    grants: ADMINISTRATORS,
  },
  {
    key: 'ORGANISATION_OWNER',
    name: 'Organisation Owner',
    description: 'Everything inside the organisation, including deleting it.',
    scopes: ['ORGANISATION'],
    permissions: ORGANISATION_WIDE,
    grants: ADMINISTRATORS,
    keeper: true,
  },
  {
    key: 'ORGANISATION_EDITOR',
    name: 'Organisation Editor',
    description: 'Creates and configures deployments, edits the organisation, invites staff.',
    scopes: ['ORGANISATION'],
    permissions: [
      'patient:view',
      'staff:view',
      'staff:manage',
      'audit:view',
      'deployment:create',
      'deployment:configure',
      'organisation:edit',
    ],
    grants: ADMINISTRATORS,
  },
  {
    key: 'ACCESS_CONTROLLER',
    name: 'Access Controller',
    description: 'Adds and removes staff and manages roles; full patient access.',
    scopes: ['ORGANISATION'],
    permissions: [
      'patient:view',
      'patient:view-identifiers',
      'patient:manage',
      'patient:edit',
      'patient:contact',
      'patient:offboard',
      'proxy:invite',
      'label:manage',
      'staff:view',
      'staff:manage',
      'role:manage',
      'audit:view',
    ],
    grants: ['ORGANISATION_STAFF', 'ACCESS_CONTROLLER', 'DEPLOYMENT_STAFF', CUSTOM_ROLES],
  },
  {
    key: 'ORGANISATION_STAFF',
    name: 'Organisation Staff',
    description:
      'Views staff and patients across the organisation’s deployments; offboards; manages labels.',
    scopes: ['ORGANISATION'],
    permissions: ['patient:view', 'patient:offboard', 'label:manage', 'staff:view'],
    grants: [],
  },
  {
    key: 'ADMIN',
    name: 'Admin',
    description: 'Full deployment access: patients, staff and roles.',
    scopes: ['ORGANISATION', 'DEPLOYMENT'],
    permissions: [
      'patient:view',
      'patient:view-identifiers',
      'patient:manage',
      'patient:edit',
      'patient:contact',
      'patient:export',
      'patient:offboard',
      'proxy:invite',
      'label:manage',
      'note:manage',
      'staff:view',
      'staff:manage',
      'role:manage',
      'audit:view',
      'deployment:configure',
    ],
    grants: [
      'ADMIN',
      'CONTRIBUTOR',
      'ORGANISATION_STAFF',
      'ACCESS_CONTROLLER',
      'DEPLOYMENT_STAFF',
      CUSTOM_ROLES,
    ],
    keeper: true,
  },
  {
    key: 'DEPLOYMENT_STAFF',
    name: 'Deployment Staff',
    description:
      'Patient work in one deployment: view, identifiers, manage, edit, contact, offboard, invite helpers.',
    scopes: ['DEPLOYMENT'],
    permissions: [
      'patient:view',
      'patient:view-identifiers',
      'patient:manage',
      'patient:edit',
      'patient:contact',
      'patient:offboard',
      'proxy:invite',
      'staff:view',
    ],
    grants: [],
  },
  {
    key: 'CONTRIBUTOR',
    name: 'Contributor',
    description: 'Views patients and their identifiers and invites helpers.',
    scopes: ['DEPLOYMENT'],
    permissions: ['patient:view', 'patient:view-identifiers', 'proxy:invite'],
    grants: [],
  },
];

export function defaultRole(key: DefaultRoleKey): DefaultRoleDefinition {
  const role = DEFAULT_ROLES.find((r) => r.key === key);
  if (!role) throw new Error(`Unknown default role ${key}`);
  return role;
}
