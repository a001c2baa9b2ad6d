/**
 * Tenant isolation, proven: every query and mutation runs as each default role, against its own
 * scope, a deployment of its organisation that it was not given ("other deployment"), and a
 * foreign organisation. Allowed calls must succeed; refused ones must fail with FORBIDDEN or
 * NOT_FOUND (or the grant rule that refused), and anything in another organisation must be
 * NOT_FOUND so that ids reveal nothing (platform roles, which reach every organisation, excepted). Adding an operation to the schema without a row here fails the last test.
 */
import type { EntityManager } from '@mikro-orm/postgresql';
import { DEFAULT_ROLES, type DefaultRoleKey, type Permission } from '@porter/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSchema } from '../src/app/schema.js';
import { assignDefaultRole } from '../src/modules/role/role-assignment.factory.js';
import { RoleEntity } from '../src/modules/role/role.entity.js';
import { makeInviteLink } from '../src/modules/invite-link/invite-link.factory.js';
import { makePatientImport } from '../src/modules/patient-import/patient-import.factory.js';
import { makePatient, makeStaffInvitation, makeUser, PASSWORD } from './factories.js';
import { failDelivery, makeHelper, makePatientInvitation } from './pending-factories.js';
import { startTestApi, type GraphQLClient, type TestApi } from './harness.js';
import { makeWorld } from './world.js';
import { OrganisationEntity } from '../src/modules/organisation/organisation.entity.js';
import { DeploymentEntity } from '../src/modules/deployment/deployment.entity.js';
import { UserEntity } from '../src/modules/user/user.entity.js';

type Target = 'own' | 'otherDeployment' | 'foreignOrganisation';
type World = Awaited<ReturnType<typeof makeWorld>>;
const TARGETS: Target[] = ['own', 'otherDeployment', 'foreignOrganisation'];

const ROLE = Object.fromEntries(DEFAULT_ROLES.map((r) => [r.key, r])) as Record<
  DefaultRoleKey,
  (typeof DEFAULT_ROLES)[number]
>;
const tier = (role: DefaultRoleKey) =>
  ROLE[role].scopes.includes('PLATFORM')
    ? 'platform'
    : role === 'ADMIN' || !ROLE[role].scopes.includes('ORGANISATION')
      ? 'deployment'
      : 'organisation';

/** The ids a target stands for: own = the role's home deployment (and organisation). */
function ids(world: World, target: Target) {
  const tenant = target === 'foreignOrganisation' ? world.foreign : world.home;
  const deployment =
    target === 'own'
      ? world.home.first
      : target === 'otherDeployment'
        ? world.home.second
        : world.foreign.first;
  return { organisationId: tenant.organisation.id, deploymentId: deployment.id };
}

/** May a role enter the target at organisation or deployment level? */
function enters(
  role: DefaultRoleKey,
  target: Target,
  level: 'organisation' | 'deployment',
): boolean {
  if (tier(role) === 'platform') return true;
  if (target === 'foreignOrganisation') return false;
  if (tier(role) === 'organisation' || level === 'organisation') return true;
  return target === 'own';
}

/** Does a role hold a permission at the target? Mirrors the default role table, not the code under test. */
function holds(
  role: DefaultRoleKey,
  permission: Permission,
  target: Target,
  level: 'organisation' | 'deployment',
): boolean {
  if (!(ROLE[role].permissions as readonly string[]).includes(permission)) return false;
  if (tier(role) === 'platform') return true;
  if (target === 'foreignOrganisation') return false;
  if (tier(role) === 'organisation') return true;
  return level === 'deployment' && target === 'own';
}

type Outcome = 'allowed' | 'denied';
interface Operation {
  /** `Query.x` or `Mutation.x`, as in the schema. */
  name: string;
  /** Tells apart two rows for one operation. */
  variant?: string;
  document: string;
  /** Creates what the call needs and returns its variables. */
  variables(
    em: EntityManager,
    world: World,
    target: Target,
    role: DefaultRoleKey,
  ): Promise<Record<string, unknown>>;
  /** Names no organisation (e.g. creating one), so a refusal need not be NOT_FOUND for a "foreign" target. */
  untargeted?: boolean;
  expect(role: DefaultRoleKey, target: Target): Outcome;
  /** For bulk operations that report per item: the first item's error code, if any. */
  itemCode?(data: any): string | null;
  /** Extra checks on an allowed result. */
  check?(data: any, world: World, role: DefaultRoleKey): void;
}

const allowedIf = (condition: boolean): Outcome => (condition ? 'allowed' : 'denied');
let sequence = 0;

async function customRole(em: EntityManager, organisationId: string): Promise<string> {
  const role = em.create(RoleEntity, {
    organisation: organisationId,
    name: `Matrix role ${sequence++}`,
    permissions: ['patient:view'],
    scopes: ['ORGANISATION', 'DEPLOYMENT'],
    grants: [],
  });
  await em.flush();
  return role.id;
}

async function freshDeploymentStaff(
  em: EntityManager,
  world: World,
  target: Target,
): Promise<string> {
  const { organisationId, deploymentId } = ids(world, target);
  const user = await makeUser(em);
  const assignment = await assignDefaultRole(em, user, 'DEPLOYMENT_STAFF', {
    type: 'DEPLOYMENT',
    organisationId,
    deploymentId,
  });
  await em.flush();
  return assignment.id;
}

/** Who may change a Deployment Staff member into a Contributor: needs to grant both roles there. */
const changesDeploymentStaff = (role: DefaultRoleKey, target: Target) =>
  allowedIf(
    ROLE[role].grants.includes('DEPLOYMENT_STAFF') &&
      ROLE[role].grants.includes('CONTRIBUTOR') &&
      holds(role, 'staff:manage', target, 'deployment'),
  );

/** Who may give (or resend, or withdraw) Deployment Staff at the target deployment. */
const givesDeploymentStaff = (role: DefaultRoleKey, target: Target) =>
  allowedIf(
    ROLE[role].grants.includes('DEPLOYMENT_STAFF') &&
      holds(role, 'staff:manage', target, 'deployment'),
  );

/**
 * A fresh organisation with one deployment, for operations that archive or delete: the role's
 * holder gets the role there (at its natural level) unless the target is the foreign organisation.
 */
async function freshOrganisation(
  em: EntityManager,
  world: World,
  target: Target,
  role: DefaultRoleKey,
  archived = false,
) {
  const organisation = em.create(OrganisationEntity, {
    name: `Matrix org ${sequence++}`,
    kind: 'REMOTE_PATIENT_MONITORING',
    archivedAt: archived ? new Date() : null,
  });
  const deployment = em.create(DeploymentEntity, { organisation, name: 'Matrix deployment' });
  await em.flush();
  if (target !== 'foreignOrganisation' && tier(role) !== 'platform') {
    const user = await em.findOneOrFail(UserEntity, { email: world.emails[role] });
    const scope =
      tier(role) === 'organisation'
        ? ({ type: 'ORGANISATION', organisationId: organisation.id } as const)
        : ({
            type: 'DEPLOYMENT',
            organisationId: organisation.id,
            deploymentId: deployment.id,
          } as const);
    await assignDefaultRole(em, user, role, scope);
    await em.flush();
  }
  return organisation;
}

/** A fresh deployment in the target's organisation. */
async function freshDeployment(
  em: EntityManager,
  world: World,
  target: Target,
  archived = false,
): Promise<string> {
  const deployment = em.create(DeploymentEntity, {
    organisation: ids(world, target).organisationId,
    name: `Matrix deployment ${sequence++}`,
    status: archived ? 'ARCHIVED' : 'ACTIVE',
  });
  await em.flush();
  return deployment.id;
}

const platformHolds = (role: DefaultRoleKey, ...permissions: Permission[]) =>
  tier(role) === 'platform' &&
  permissions.every((p) => (ROLE[role].permissions as readonly string[]).includes(p));

const deploymentScope = (world: World, target: Target) =>
  ({ type: 'DEPLOYMENT', ...ids(world, target) }) as const;

const OPERATIONS: Operation[] = [
  {
    name: 'Query.viewer',
    document: '{ viewer { id } }',
    variables: async () => ({}),
    expect: () => 'allowed',
  },
  {
    name: 'Query.permissions',
    document: '{ permissions { key } }',
    variables: async () => ({}),
    expect: () => 'allowed',
  },
  {
    name: 'Query.organisations',
    document: '{ organisations(first: 200) { nodes { id } } }',
    variables: async () => ({}),
    expect: () => 'allowed',
    check: (data, world, role) => {
      const seen = data.organisations.nodes.map((o: any) => o.id);
      expect(
        seen.includes(world.foreign.organisation.id),
        `${role} sees the foreign organisation`,
      ).toBe(tier(role) === 'platform');
    },
  },
  {
    name: 'Query.organisation',
    document: 'query($id: ID!) { organisation(id: $id) { id } }',
    variables: async (_em, world, target) => ({ id: ids(world, target).organisationId }),
    expect: (role, target) => allowedIf(enters(role, target, 'organisation')),
  },
  {
    name: 'Query.deployments',
    document: 'query($id: ID!) { deployments(organisationId: $id) { id } }',
    variables: async (_em, world, target) => ({ id: ids(world, target).organisationId }),
    expect: (role, target) => allowedIf(enters(role, target, 'organisation')),
    check: (data, world, role) => {
      const seen: string[] = data.deployments.map((d: any) => d.id);
      if (tier(role) === 'deployment') expect(seen, role).not.toContain(world.home.second.id);
    },
  },
  {
    name: 'Query.roles',
    document: 'query($id: ID) { roles(organisationId: $id) { id } }',
    variables: async (_em, world, target) => ({ id: ids(world, target).organisationId }),
    expect: (role, target) => allowedIf(enters(role, target, 'organisation')),
  },
  {
    name: 'Query.grantableRoles',
    document:
      'query($o: ID, $d: ID) { grantableRoles(organisationId: $o, deploymentId: $d) { id } }',
    variables: async (_em, world, target) => ({
      o: ids(world, target).organisationId,
      d: ids(world, target).deploymentId,
    }),
    expect: (role, target) => allowedIf(enters(role, target, 'deployment')),
  },
  {
    name: 'Query.staffMembers',
    document:
      'query($o: ID!, $d: ID) { staffMembers(organisationId: $o, deploymentId: $d) { nodes { id } } }',
    variables: async (_em, world, target) => ({
      o: ids(world, target).organisationId,
      d: ids(world, target).deploymentId,
    }),
    expect: (role, target) => allowedIf(holds(role, 'staff:view', target, 'deployment')),
  },
  {
    name: 'Query.adminDashboard',
    variant: 'deployment',
    document:
      'query($o: ID, $d: ID) { adminDashboard(organisationId: $o, deploymentId: $d) { staff weeks { sent } } }',
    variables: async (_em, world, target) => ({
      o: ids(world, target).organisationId,
      d: ids(world, target).deploymentId,
    }),
    expect: (role, target) => allowedIf(holds(role, 'staff:view', target, 'deployment')),
  },
  {
    name: 'Query.adminDashboard',
    variant: 'organisation',
    document: 'query($o: ID) { adminDashboard(organisationId: $o) { staff weeks { sent } } }',
    variables: async (_em, world, target) => ({ o: ids(world, target).organisationId }),
    expect: (role, target) => allowedIf(holds(role, 'staff:view', target, 'organisation')),
  },
  {
    name: 'Query.auditEvents',
    variant: 'deployment',
    document:
      'query($o: ID, $d: ID) { auditEvents(organisationId: $o, deploymentId: $d) { nodes { id } } }',
    variables: async (_em, world, target) => ({
      o: ids(world, target).organisationId,
      d: ids(world, target).deploymentId,
    }),
    expect: (role, target) => allowedIf(holds(role, 'audit:view', target, 'deployment')),
  },
  {
    name: 'Query.auditEvents',
    variant: 'organisation',
    document: 'query($o: ID) { auditEvents(organisationId: $o) { nodes { id } } }',
    variables: async (_em, world, target) => ({ o: ids(world, target).organisationId }),
    expect: (role, target) => allowedIf(holds(role, 'audit:view', target, 'organisation')),
  },
  {
    name: 'Query.events',
    variant: 'deployment',
    document:
      'query($o: ID, $d: ID) { events(organisationId: $o, deploymentId: $d) { nodes { id } } }',
    variables: async (_em, world, target) => ({
      o: ids(world, target).organisationId,
      d: ids(world, target).deploymentId,
    }),
    expect: (role, target) => allowedIf(holds(role, 'audit:view', target, 'deployment')),
  },
  {
    name: 'Query.events',
    variant: 'organisation',
    document: 'query($o: ID) { events(organisationId: $o) { nodes { id } } }',
    variables: async (_em, world, target) => ({ o: ids(world, target).organisationId }),
    expect: (role, target) => allowedIf(holds(role, 'audit:view', target, 'organisation')),
  },
  {
    name: 'Mutation.createRole',
    document:
      'mutation($o: ID!, $name: String!) { createRole(organisationId: $o, input: { name: $name }) { id } }',
    variables: async (_em, world, target) => ({
      o: ids(world, target).organisationId,
      name: `Created ${sequence++}`,
    }),
    expect: (role, target) => allowedIf(holds(role, 'role:manage', target, 'organisation')),
  },
  {
    name: 'Mutation.updateRole',
    document:
      'mutation($id: ID!, $name: String!) { updateRole(id: $id, input: { name: $name }) { id } }',
    variables: async (em, world, target) => ({
      id: await customRole(em, ids(world, target).organisationId),
      name: `Renamed ${sequence++}`,
    }),
    expect: (role, target) => allowedIf(holds(role, 'role:manage', target, 'organisation')),
  },
  {
    name: 'Mutation.deleteRole',
    document: 'mutation($id: ID!) { deleteRole(id: $id) }',
    variables: async (em, world, target) => ({
      id: await customRole(em, ids(world, target).organisationId),
    }),
    expect: (role, target) => allowedIf(holds(role, 'role:manage', target, 'organisation')),
  },
  {
    name: 'Mutation.changeStaffRole',
    document:
      'mutation($id: ID!, $roleId: ID!) { changeStaffRole(staffMemberId: $id, roleId: $roleId) { id } }',
    variables: async (em, world, target) => ({
      id: await freshDeploymentStaff(em, world, target),
      roleId: (await em.findOneOrFail(RoleEntity, { key: 'CONTRIBUTOR' })).id,
    }),
    expect: changesDeploymentStaff,
  },
  {
    name: 'Mutation.removeStaffMember',
    document: 'mutation($id: ID!) { removeStaffMember(staffMemberId: $id) }',
    variables: async (em, world, target) => ({ id: await freshDeploymentStaff(em, world, target) }),
    expect: givesDeploymentStaff,
  },
  {
    name: 'Query.staffInvitations',
    document:
      'query($o: ID!, $d: ID) { staffInvitations(organisationId: $o, deploymentId: $d) { nodes { id } } }',
    variables: async (_em, world, target) => ({
      o: ids(world, target).organisationId,
      d: ids(world, target).deploymentId,
    }),
    expect: (role, target) => allowedIf(holds(role, 'staff:view', target, 'deployment')),
  },
  {
    name: 'Mutation.inviteStaff',
    document:
      'mutation($input: InviteStaffInput!) { inviteStaff(input: $input) { results { outcome } } }',
    variables: async (em, world, target) => ({
      input: {
        ...ids(world, target),
        emails: [`matrix-${sequence++}@example.org`],
        roleId: (await em.findOneOrFail(RoleEntity, { key: 'DEPLOYMENT_STAFF' })).id,
      },
    }),
    expect: givesDeploymentStaff,
    check: (data) => expect(data.inviteStaff.results[0].outcome).toBe('INVITED'),
  },
  {
    name: 'Mutation.resendInvitations',
    document: 'mutation($ids: [ID!]!) { resendInvitations(invitationIds: $ids) { ok code } }',
    variables: async (em, world, target) => ({
      ids: [(await makeStaffInvitation(em, deploymentScope(world, target), 'DEPLOYMENT_STAFF')).id],
    }),
    itemCode: (data) => data.resendInvitations[0].code,
    expect: givesDeploymentStaff,
  },
  {
    name: 'Mutation.retryInvitationDeliveries',
    document:
      'mutation($ids: [ID!]!) { retryInvitationDeliveries(invitationIds: $ids) { ok code } }',
    variables: async (em, world, target) => {
      const invitation = await makeStaffInvitation(
        em,
        deploymentScope(world, target),
        'DEPLOYMENT_STAFF',
      );
      await failDelivery(em, api.sealer, invitation);
      return { ids: [invitation.id] };
    },
    itemCode: (data) => data.retryInvitationDeliveries[0].code,
    expect: givesDeploymentStaff,
  },
  {
    name: 'Mutation.revokeInvitations',
    document: 'mutation($ids: [ID!]!) { revokeInvitations(invitationIds: $ids) { ok code } }',
    variables: async (em, world, target) => ({
      ids: [(await makeStaffInvitation(em, deploymentScope(world, target), 'DEPLOYMENT_STAFF')).id],
    }),
    itemCode: (data) => data.revokeInvitations[0].code,
    expect: givesDeploymentStaff,
  },
  {
    name: 'Query.patients',
    document:
      'query($o: ID!, $d: ID!) { patients(organisationId: $o, deploymentId: $d) { nodes { id } } }',
    variables: async (_em, world, target) => ({
      o: ids(world, target).organisationId,
      d: ids(world, target).deploymentId,
    }),
    expect: (role, target) => allowedIf(holds(role, 'patient:view', target, 'deployment')),
  },
  {
    name: 'Mutation.invitePatientsByEmail',
    document:
      'mutation($input: InvitePatientsInput!) { invitePatientsByEmail(input: $input) { results { outcome } } }',
    variables: async (_em, world, target) => ({
      input: { ...ids(world, target), emails: [`patient-${sequence++}@example.org`] },
    }),
    expect: (role, target) => allowedIf(holds(role, 'patient:manage', target, 'deployment')),
    check: (data) => expect(data.invitePatientsByEmail.results[0].outcome).toBe('INVITED'),
  },
  {
    name: 'Query.patientImport',
    document: 'query($id: ID!) { patientImport(id: $id) { id status rows { nodes { row } } } }',
    variables: async (em, world, target) => ({
      id: (await makePatientImport(em, ids(world, target))).id,
    }),
    expect: (role, target) => allowedIf(holds(role, 'patient:manage', target, 'deployment')),
  },
  {
    name: 'Query.patientImports',
    document:
      'query($o: ID!, $d: ID!) { patientImports(organisationId: $o, deploymentId: $d) { id } }',
    variables: async (em, world, target) => {
      await makePatientImport(em, ids(world, target));
      return { o: ids(world, target).organisationId, d: ids(world, target).deploymentId };
    },
    expect: (role, target) => allowedIf(holds(role, 'patient:manage', target, 'deployment')),
    check: (data) => expect(data.patientImports.length).toBeGreaterThan(0),
  },
  {
    name: 'Query.previewPatientSms',
    document: 'query($input: PatientSmsInput!) { previewPatientSms(input: $input) { to } }',
    variables: async (_em, world, target) => ({
      input: { ...ids(world, target), firstName: 'Sam', lastName: 'Smith', mobile: '07911 123456' },
    }),
    expect: (role, target) => allowedIf(holds(role, 'patient:manage', target, 'deployment')),
    check: (data) => expect(data.previewPatientSms.to).toBe('+447911123456'),
  },
  {
    name: 'Mutation.invitePatientBySms',
    document:
      'mutation($input: PatientSmsInput!) { invitePatientBySms(input: $input) { results { outcome } } }',
    variables: async (_em, world, target) => ({
      input: {
        ...ids(world, target),
        firstName: 'Sam',
        lastName: 'Smith',
        mobile: `+447911${100000 + sequence++}`,
      },
    }),
    expect: (role, target) => allowedIf(holds(role, 'patient:manage', target, 'deployment')),
    check: (data) => expect(data.invitePatientBySms.results[0].outcome).toBe('INVITED'),
  },
  {
    name: 'Mutation.offboardPatient',
    document: 'mutation($id: ID!) { offboardPatient(patientId: $id, reason: "COMPLETED") { id } }',
    variables: async (em, world, target) => ({
      id: (await makePatient(em, deploymentScope(world, target), 'ACTIVE')).id,
    }),
    expect: (role, target) => allowedIf(holds(role, 'patient:offboard', target, 'deployment')),
  },
  {
    name: 'Mutation.reactivatePatient',
    document: 'mutation($id: ID!) { reactivatePatient(patientId: $id) { id } }',
    variables: async (em, world, target) => ({
      id: (await makePatient(em, deploymentScope(world, target), 'OFFBOARDED')).id,
    }),
    expect: (role, target) => allowedIf(holds(role, 'patient:offboard', target, 'deployment')),
  },
  {
    name: 'Mutation.deletePatientInvitations',
    document:
      'mutation($ids: [ID!]!) { deletePatientInvitations(invitationIds: $ids) { ok code } }',
    variables: async (em, world, target) => ({
      ids: [(await makePatientInvitation(em, deploymentScope(world, target))).id],
    }),
    itemCode: (data) => data.deletePatientInvitations[0].code,
    expect: (role, target) => allowedIf(holds(role, 'patient:manage', target, 'deployment')),
  },
  {
    name: 'Mutation.invitePatientHelper',
    document:
      'mutation($input: InvitePatientHelperInput!) { invitePatientHelper(input: $input) { id status } }',
    variables: async (em, world, target) => ({
      input: {
        patientId: (await makePatient(em, deploymentScope(world, target), 'ACTIVE')).id,
        email: `helper-${sequence++}@example.org`,
      },
    }),
    expect: (role, target) => allowedIf(holds(role, 'proxy:invite', target, 'deployment')),
    check: (data) => expect(data.invitePatientHelper.status).toBe('INVITED'),
  },
  {
    name: 'Mutation.removePatientHelper',
    document: 'mutation($id: ID!) { removePatientHelper(helperId: $id) { id status } }',
    variables: async (em, world, target) => ({
      id: (await makeHelper(em, deploymentScope(world, target))).id,
    }),
    expect: (role, target) => allowedIf(holds(role, 'proxy:invite', target, 'deployment')),
    check: (data) => expect(data.removePatientHelper.status).toBe('REMOVED'),
  },
  {
    name: 'Query.patientInviteLinks',
    document:
      'query($o: ID!, $d: ID!) { patientInviteLinks(organisationId: $o, deploymentId: $d) { id } }',
    variables: async (_em, world, target) => ({
      o: ids(world, target).organisationId,
      d: ids(world, target).deploymentId,
    }),
    expect: (role, target) => allowedIf(holds(role, 'patient:manage', target, 'deployment')),
  },
  {
    name: 'Mutation.createPatientInviteLink',
    document:
      'mutation($input: CreatePatientInviteLinkInput!) { createPatientInviteLink(input: $input) { id state } }',
    variables: async (_em, world, target) => ({ input: ids(world, target) }),
    expect: (role, target) => allowedIf(holds(role, 'patient:manage', target, 'deployment')),
    check: (data) => expect(data.createPatientInviteLink.state).toBe('ACTIVE'),
  },
  {
    name: 'Mutation.revokeInviteLink',
    document: 'mutation($id: ID!) { revokeInviteLink(id: $id) { id } }',
    variables: async (em, world, target) => ({
      id: (await makeInviteLink(em, api.sealer, ids(world, target))).link.id,
    }),
    expect: (role, target) => allowedIf(holds(role, 'patient:manage', target, 'deployment')),
  },
  {
    name: 'Mutation.rotateInviteLink',
    document: 'mutation($id: ID!) { rotateInviteLink(id: $id) { id } }',
    variables: async (em, world, target) => ({
      id: (await makeInviteLink(em, api.sealer, ids(world, target))).link.id,
    }),
    expect: (role, target) => allowedIf(holds(role, 'patient:manage', target, 'deployment')),
  },
  {
    name: 'Query.staffInviteLinks',
    document:
      'query($o: ID!, $d: ID) { staffInviteLinks(organisationId: $o, deploymentId: $d) { id } }',
    variables: async (_em, world, target) => ({
      o: ids(world, target).organisationId,
      d: ids(world, target).deploymentId,
    }),
    expect: (role, target) => allowedIf(holds(role, 'staff:manage', target, 'deployment')),
  },
  {
    name: 'Query.staffInviteLinkRoles',
    document:
      'query($o: ID!, $d: ID) { staffInviteLinkRoles(organisationId: $o, deploymentId: $d) { id } }',
    variables: async (_em, world, target) => ({
      o: ids(world, target).organisationId,
      d: ids(world, target).deploymentId,
    }),
    expect: (role, target) => allowedIf(enters(role, target, 'deployment')),
  },
  {
    name: 'Mutation.createStaffInviteLink',
    document:
      'mutation($input: CreateStaffInviteLinkInput!) { createStaffInviteLink(input: $input) { id state kind } }',
    variables: async (em, world, target) => ({
      input: {
        ...ids(world, target),
        roleId: (await em.findOneOrFail(RoleEntity, { key: 'DEPLOYMENT_STAFF' })).id,
      },
    }),
    expect: givesDeploymentStaff,
    check: (data) =>
      expect(data.createStaffInviteLink).toMatchObject({ state: 'ACTIVE', kind: 'STAFF' }),
  },
  {
    name: 'Mutation.revokeInviteLink',
    variant: 'staff link',
    document: 'mutation($id: ID!) { revokeInviteLink(id: $id) { id state } }',
    variables: async (em, world, target) => ({
      id: (
        await makeInviteLink(em, api.sealer, ids(world, target), {
          roleId: (await em.findOneOrFail(RoleEntity, { key: 'DEPLOYMENT_STAFF' })).id,
        })
      ).link.id,
    }),
    expect: (role, target) => allowedIf(holds(role, 'staff:manage', target, 'deployment')),
    check: (data) => expect(data.revokeInviteLink.state).toBe('REVOKED'),
  },
  {
    name: 'Mutation.rotateInviteLink',
    variant: 'staff link',
    document: 'mutation($id: ID!) { rotateInviteLink(id: $id) { id } }',
    variables: async (em, world, target) => ({
      id: (
        await makeInviteLink(em, api.sealer, ids(world, target), {
          roleId: (await em.findOneOrFail(RoleEntity, { key: 'DEPLOYMENT_STAFF' })).id,
        })
      ).link.id,
    }),
    expect: (role, target) => allowedIf(holds(role, 'staff:manage', target, 'deployment')),
  },
  {
    name: 'Mutation.createOrganisation',
    document: 'mutation($input: OrganisationInput!) { createOrganisation(input: $input) { id } }',
    variables: async () => ({
      input: { name: `Matrix created ${sequence++}`, kind: 'CLINICAL_TRIAL' },
    }),
    untargeted: true,
    expect: (role) => allowedIf(platformHolds(role, 'platform:organisations')),
  },
  {
    name: 'Mutation.updateOrganisation',
    document:
      'mutation($id: ID!, $input: OrganisationInput!) { updateOrganisation(id: $id, input: $input) { id } }',
    variables: async (_em, world, target) => ({
      id: ids(world, target).organisationId,
      input: { name: `Matrix renamed ${sequence++}`, kind: 'REMOTE_PATIENT_MONITORING' },
    }),
    expect: (role, target) => allowedIf(holds(role, 'organisation:edit', target, 'organisation')),
  },
  {
    name: 'Mutation.archiveOrganisation',
    document: 'mutation($id: ID!) { archiveOrganisation(id: $id) { id archivedAt } }',
    variables: async (em, world, target, role) => ({
      id: (await freshOrganisation(em, world, target, role)).id,
    }),
    expect: (role) => allowedIf(platformHolds(role, 'platform:organisations')),
  },
  {
    name: 'Mutation.restoreOrganisation',
    document: 'mutation($id: ID!) { restoreOrganisation(id: $id) { id archivedAt } }',
    variables: async (em, world, target, role) => ({
      id: (await freshOrganisation(em, world, target, role, true)).id,
    }),
    // Super Admin alone among the default roles.
    expect: (role) =>
      allowedIf(platformHolds(role, 'platform:organisations', 'organisation:delete')),
  },
  {
    name: 'Mutation.deleteOrganisation',
    document:
      'mutation($id: ID!, $name: String!) { deleteOrganisation(id: $id, confirmName: $name) }',
    variables: async (em, world, target, role) => {
      const organisation = await freshOrganisation(em, world, target, role);
      return { id: organisation.id, name: organisation.name };
    },
    // Held in the organisation itself: its Owners, not platform staff.
    expect: (role, target) =>
      allowedIf(
        tier(role) === 'organisation' && holds(role, 'organisation:delete', target, 'organisation'),
      ),
  },
  {
    name: 'Query.deploymentPage',
    document:
      'query($o: ID) { deploymentPage(organisationId: $o, includeArchived: true, first: 200) { nodes { id staffCount patientCount } } }',
    variables: async (_em, world, target) => ({ o: ids(world, target).organisationId }),
    expect: (role, target) => allowedIf(enters(role, target, 'organisation')),
    check: (data, world, role) => {
      const seen: string[] = data.deploymentPage.nodes.map((d: any) => d.id);
      if (tier(role) === 'deployment') expect(seen, role).not.toContain(world.home.second.id);
    },
  },
  {
    name: 'Mutation.createDeployment',
    document: 'mutation($input: CreateDeploymentInput!) { createDeployment(input: $input) { id } }',
    variables: async (_em, world, target) => ({
      input: {
        organisationId: ids(world, target).organisationId,
        name: `Matrix new ${sequence++}`,
      },
    }),
    expect: (role, target) => allowedIf(holds(role, 'deployment:create', target, 'organisation')),
  },
  {
    name: 'Mutation.updateDeployment',
    document:
      'mutation($id: ID!, $input: UpdateDeploymentInput!) { updateDeployment(id: $id, input: $input) { id } }',
    variables: async (_em, world, target) => ({
      id: ids(world, target).deploymentId,
      input: { settings: { remindersEnabled: true } },
    }),
    expect: (role, target) => allowedIf(holds(role, 'deployment:configure', target, 'deployment')),
  },
  {
    name: 'Mutation.archiveDeployment',
    document: 'mutation($id: ID!) { archiveDeployment(id: $id) { id status } }',
    variables: async (em, world, target) => ({ id: await freshDeployment(em, world, target) }),
    expect: (role, target) => allowedIf(holds(role, 'deployment:create', target, 'organisation')),
  },
  {
    name: 'Mutation.restoreDeployment',
    document: 'mutation($id: ID!) { restoreDeployment(id: $id) { id status } }',
    variables: async (em, world, target) => ({
      id: await freshDeployment(em, world, target, true),
    }),
    expect: (role, target) => allowedIf(holds(role, 'deployment:create', target, 'organisation')),
  },
];

/**
 * Public on purpose and covered by the guard, auth and invitation tests: they act on a token, not
 * a tenant (and signing out here would end the matrix's sessions).
 */
const PUBLIC = [
  'Mutation.signIn',
  'Mutation.signOut',
  'Query.invitation',
  'Mutation.acceptInvitation',
  'Query.devOutbox',
  'Query.inviteLink',
  'Mutation.requestJoinCode',
  'Mutation.verifyJoinCode',
  'Mutation.joinWithTicket',
  'Mutation.requestSignInCode',
  'Mutation.signInWithCode',
];
const REFUSALS = [
  'FORBIDDEN',
  'NOT_FOUND',
  'GRANT_NOT_ALLOWED',
  'ESCALATION_REFUSED',
  'ROLE_SCOPE_NOT_ALLOWED',
];

let api: TestApi;
let world: World;
const clients = new Map<DefaultRoleKey, GraphQLClient>();
beforeAll(async () => {
  api = await startTestApi();
  world = await makeWorld(api.orm.em.fork());
  for (const role of DEFAULT_ROLES)
    clients.set(role.key, await api.client().signIn(world.emails[role.key], PASSWORD));
});
afterAll(async () => {
  await api.stop();
});

describe('tenant isolation matrix', () => {
  for (const op of OPERATIONS) {
    it(`${op.name}${op.variant ? ` (${op.variant})` : ''}: each default role × own scope, other deployment, foreign organisation`, async () => {
      const failures: string[] = [];
      for (const role of DEFAULT_ROLES.map((r) => r.key)) {
        for (const target of TARGETS) {
          const variables = await op.variables(api.orm.em.fork(), world, target, role);
          const result = await clients.get(role)!.request(op.document, variables);
          const code =
            result.errors?.[0]?.extensions?.code ??
            (result.data && op.itemCode?.(result.data)) ??
            undefined;
          const expected = op.expect(role, target);
          const label = `${role} → ${target}: expected ${expected}, got ${code ?? 'success'}`;
          if (expected === 'allowed') {
            if (code) failures.push(label);
            else op.check?.(result.data, world, role);
          } else if (!code || !REFUSALS.includes(code)) {
            failures.push(label);
          } else if (
            target === 'foreignOrganisation' &&
            tier(role) !== 'platform' &&
            !op.untargeted &&
            code !== 'NOT_FOUND'
          ) {
            failures.push(`${label} (foreign ids must be NOT_FOUND)`);
          }
        }
      }
      expect(failures).toEqual([]);
    });
  }

  it('covers every query and mutation in the schema', async () => {
    const schema = await createSchema();
    const fields = [schema.getQueryType()!, schema.getMutationType()!].flatMap((t) =>
      Object.keys(t.getFields()).map((f) => `${t.name}.${f}`),
    );
    const covered = [...OPERATIONS.map((o) => o.name), ...PUBLIC];
    expect(fields.filter((f) => !covered.includes(f))).toEqual([]);
    // The matrix size, for the record: operations × roles × targets.
    expect(OPERATIONS.length * DEFAULT_ROLES.length * TARGETS.length).toBeGreaterThanOrEqual(690);
  });
});
