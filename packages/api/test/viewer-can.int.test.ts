/**
 * `viewerCan` tells the truth: for every field of every `…ViewerCan` type, on a set of records
 * (patients active, offboarded, invited, invited with a failed message (also expired), with
 * offboarding or helpers switched off, in another deployment or an archived organisation; pending,
 * expired and failed staff invitations; staff members, oneself and the last keeper; organisations
 * and deployments live and archived, a deployment in an archived organisation; default and custom
 * roles, held or not, foreign or archived), as each default role (and an Admin held at the
 * organisation, not a deployment): where the viewer sees the record, `true` means the matching
 * mutation does not refuse (no FORBIDDEN, CONFLICT or other policy code) and `false` means it does.
 * Each call acts on a record made for it. A viewerCan field without a row here fails the last test.
 */
import { randomUUID } from 'node:crypto';
import type { EntityManager } from '@mikro-orm/postgresql';
import { DEFAULT_ROLES, type DefaultRoleKey } from '@porter/shared';
import { isObjectType } from 'graphql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AccessScope } from '../src/common/access.js';
import { createSchema } from '../src/app/schema.js';
import { hashToken, newToken } from '../src/modules/auth/token.js';
import { DeploymentEntity } from '../src/modules/deployment/deployment.entity.js';
import type { DeploymentSettings } from '../src/modules/deployment/deployment.entity.js';
import { InvitationEntity } from '../src/modules/invitation/invitation.entity.js';
import { OrganisationEntity } from '../src/modules/organisation/organisation.entity.js';
import { RoleAssignmentEntity } from '../src/modules/role/role-assignment.entity.js';
import { assignDefaultRole } from '../src/modules/role/role-assignment.factory.js';
import { RoleEntity } from '../src/modules/role/role.entity.js';
import { UserEntity } from '../src/modules/user/user.entity.js';
import { makePatient, makeStaffInvitation, makeUser, PASSWORD } from './factories.js';
import { failDelivery } from './pending-factories.js';
import { startTestApi, type GraphQLClient, type TestApi } from './harness.js';
import { makeWorld, naturalScope } from './world.js';

type World = Awaited<ReturnType<typeof makeWorld>>;
type Vars = Record<string, unknown>;

/** What a refusing policy answers; `false` must meet one of these, `true` none. */
const REFUSALS = [
  'FORBIDDEN',
  'CONFLICT',
  'FEATURE_DISABLED',
  'GRANT_NOT_ALLOWED',
  'ESCALATION_REFUSED',
  'ROLE_SCOPE_NOT_ALLOWED',
  'INVITATION_ALREADY_USED',
  'INVITATION_REVOKED',
  'INVITATION_EXPIRED',
  'ROLE_READ_ONLY',
];

interface Act {
  /** Tells apart several mutations behind one field. */
  name: string;
  document: string;
  variables(vars: Vars, em: EntityManager): Promise<Vars> | Vars;
  /** For bulk mutations that answer per item: the first item's code. */
  itemCode?(data: any): string | null;
}

interface Fixture {
  name: string;
  /** Walked only by these viewers: the fixture differs from another only for them. */
  only?: readonly DefaultRoleKey[];
  make(em: EntityManager, world: World, role: DefaultRoleKey): Promise<Vars>;
}

interface Walk {
  /** The `…ViewerCan` type. */
  type: string;
  /** Records to read and act on; each builds a fresh one and returns its ids. */
  fixtures: Fixture[];
  /** Reads the record's viewerCan; undefined when the viewer does not see it. */
  read: { document: string; pick(data: any, vars: Vars): Record<string, boolean> | undefined };
  /** One row per field: the mutations it promises. */
  fields: Record<string, Act[]>;
  /**
   * Codes a `true` may still meet because they depend on other records, not on this one: the
   * last Owner/Admin of a scope answers LAST_KEEPER (with who to promote first).
   */
  beyondPolicy?: Record<string, string[]>;
}

let sequence = 0;
const next = () => `${Date.now().toString(36)}-${sequence++}`;

async function setSettings(em: EntityManager, deploymentId: string, settings: DeploymentSettings) {
  await em.nativeUpdate(DeploymentEntity, { id: deploymentId }, { settings });
}

/** An archived organisation with one deployment, for the archived-place fixtures. */
async function archivedPlace(em: EntityManager) {
  const organisation = em.create(OrganisationEntity, {
    name: `Archived ${next()}`,
    kind: 'REMOTE_PATIENT_MONITORING',
    archivedAt: new Date(),
  });
  const deployment = em.create(DeploymentEntity, { organisation, name: 'Archived deployment' });
  await em.flush();
  return {
    type: 'DEPLOYMENT',
    organisationId: organisation.id,
    deploymentId: deployment.id,
  } as const;
}

/** A patient with the invitation of its state: pending when invited, accepted once joined. */
async function patientFixture(
  em: EntityManager,
  scope: AccessScope & { type: 'DEPLOYMENT' },
  status: 'INVITED' | 'ACTIVE' | 'OFFBOARDED',
  settings: DeploymentSettings = {},
) {
  await setSettings(em, scope.deploymentId, settings);
  const patient = await makePatient(em, scope, status);
  const invitation = em.create(InvitationEntity, {
    kind: 'PATIENT',
    channel: 'EMAIL',
    address: patient.email!,
    organisation: scope.organisationId,
    deployment: scope.deploymentId,
    patient,
    status: status === 'INVITED' ? 'PENDING' : 'ACCEPTED',
    acceptedAt: status === 'INVITED' ? null : new Date(),
    tokenHash: hashToken(newToken()),
    expiryHours: 168,
    expiresAt: new Date(Date.now() + 168 * 3_600_000),
    batchId: randomUUID(),
  });
  await em.flush();
  return {
    o: scope.organisationId,
    d: scope.deploymentId,
    patientId: patient.id,
    invitationId: invitation.id,
  };
}

/** A fresh holder of a default role at a scope; returns the assignment (the staff member) id. */
async function staffFixture(em: EntityManager, role: DefaultRoleKey, scope: AccessScope) {
  const user = await makeUser(em, `walk-${next()}@example.org`);
  const assignment = await assignDefaultRole(em, user, role, scope);
  await em.flush();
  return assignment.id;
}

interface PlaceOptions {
  archived?: boolean;
  /** Give the viewer's role at the organisation even when it naturally sits at a deployment (Admin). */
  atOrganisation?: boolean;
  /** Also make a platform viewer an Organisation Owner there. */
  alsoOwner?: boolean;
}

/** A fresh organisation with a deployment; the viewer's role is given there at its level. */
async function organisationFixture(
  em: EntityManager,
  world: World,
  role: DefaultRoleKey,
  { archived = false, atOrganisation = false, alsoOwner = false }: PlaceOptions = {},
) {
  const organisation = em.create(OrganisationEntity, {
    name: `Walk org ${next()}`,
    kind: 'REMOTE_PATIENT_MONITORING',
    archivedAt: archived ? new Date() : null,
  });
  const deployment = em.create(DeploymentEntity, { organisation, name: 'Walk deployment' });
  await em.flush();
  const user = await em.findOneOrFail(UserEntity, { email: world.emails[role] });
  const atOrg = { type: 'ORGANISATION', organisationId: organisation.id } as const;
  const natural = naturalScope(role, world.home);
  if (natural.type !== 'PLATFORM') {
    await assignDefaultRole(
      em,
      user,
      role,
      natural.type === 'ORGANISATION' || atOrganisation
        ? atOrg
        : { type: 'DEPLOYMENT', organisationId: organisation.id, deploymentId: deployment.id },
    );
  }
  // One live role per person and place: only a platform viewer can hold the Owner role besides.
  if (alsoOwner && natural.type === 'PLATFORM')
    await assignDefaultRole(em, user, 'ORGANISATION_OWNER', atOrg);
  await em.flush();
  return { o: organisation.id, name: organisation.name, d: deployment.id };
}

/** A custom role in an organisation, held by `holders` fresh users. */
async function customRoleFixture(em: EntityManager, organisationId: string, holders = 0) {
  const role = em.create(RoleEntity, {
    organisation: organisationId,
    name: `Walk role ${next()}`,
    permissions: ['patient:view'],
    scopes: ['ORGANISATION', 'DEPLOYMENT'],
    grants: [],
  });
  await em.flush();
  for (let i = 0; i < holders; i++) {
    const user = await makeUser(em, `walk-${next()}@example.org`);
    em.create(RoleAssignmentEntity, {
      user,
      role,
      scopeType: 'ORGANISATION',
      organisation: organisationId,
    });
  }
  await em.flush();
  return { o: organisationId, id: role.id };
}

/** A deployment archived after organisationFixture made it. */
async function archivedDeployment(em: EntityManager, place: { d: string }) {
  await em.nativeUpdate(DeploymentEntity, { id: place.d }, { status: 'ARCHIVED' });
  return place;
}

const PLATFORM_ROLES = DEFAULT_ROLES.filter((r) => r.scopes.includes('PLATFORM')).map((r) => r.key);
const home = (world: World, which: 'first' | 'second' = 'first') =>
  world.home.scopes[which] as AccessScope & { type: 'DEPLOYMENT' };
const items = (field: string) => (data: any) => data[field][0].code ?? null;
const roleId = async (em: EntityManager, key: DefaultRoleKey) =>
  (await em.findOneOrFail(RoleEntity, { key })).id;

const WALKS: Walk[] = [
  {
    type: 'PatientViewerCan',
    fixtures: [
      { name: 'active', make: (em, w) => patientFixture(em, home(w), 'ACTIVE') },
      { name: 'offboarded', make: (em, w) => patientFixture(em, home(w), 'OFFBOARDED') },
      { name: 'invited', make: (em, w) => patientFixture(em, home(w), 'INVITED') },
      {
        name: 'active, offboarding off',
        make: (em, w) => patientFixture(em, home(w), 'ACTIVE', { offboardingEnabled: false }),
      },
      {
        name: 'offboarded, offboarding off',
        make: (em, w) => patientFixture(em, home(w), 'OFFBOARDED', { offboardingEnabled: false }),
      },
      {
        name: 'active, helpers off',
        make: (em, w) => patientFixture(em, home(w), 'ACTIVE', { proxiesEnabled: false }),
      },
      {
        name: 'invited, delivery failed',
        make: async (em, w) => {
          const vars = await patientFixture(em, home(w), 'INVITED');
          await failDelivery(em, api.sealer, { id: vars.invitationId, channel: 'EMAIL' });
          return vars;
        },
      },
      {
        name: 'invited, delivery failed, expired',
        make: async (em, w) => {
          const vars = await patientFixture(em, home(w), 'INVITED');
          await failDelivery(em, api.sealer, { id: vars.invitationId, channel: 'EMAIL' });
          await em.nativeUpdate(
            InvitationEntity,
            { id: vars.invitationId },
            { expiresAt: new Date(Date.now() - 3_600_000) },
          );
          return vars;
        },
      },
      {
        name: 'invited, other deployment',
        make: (em, w) => patientFixture(em, home(w, 'second'), 'INVITED'),
      },
      {
        name: 'active, archived organisation',
        make: async (em) => patientFixture(em, await archivedPlace(em), 'ACTIVE'),
      },
    ],
    read: {
      document:
        'query($o: ID!, $d: ID!) { patients(organisationId: $o, deploymentId: $d, first: 5) { nodes { id viewerCan { offboard reactivate manageInvitation retryDelivery manageHelpers } } } }',
      pick: (data, vars) =>
        data.patients.nodes.find((n: any) => n.id === vars.patientId)?.viewerCan,
    },
    fields: {
      offboard: [
        {
          name: 'offboardPatient',
          document:
            'mutation($id: ID!) { offboardPatient(patientId: $id, reason: "COMPLETED") { id } }',
          variables: (v) => ({ id: v.patientId }),
        },
      ],
      reactivate: [
        {
          name: 'reactivatePatient',
          document: 'mutation($id: ID!) { reactivatePatient(patientId: $id) { id } }',
          variables: (v) => ({ id: v.patientId }),
        },
      ],
      manageInvitation: [
        {
          name: 'resendInvitations',
          document: 'mutation($id: ID!) { resendInvitations(invitationIds: [$id]) { code } }',
          variables: (v) => ({ id: v.invitationId }),
          itemCode: items('resendInvitations'),
        },
        {
          name: 'revokeInvitations',
          document: 'mutation($id: ID!) { revokeInvitations(invitationIds: [$id]) { code } }',
          variables: (v) => ({ id: v.invitationId }),
          itemCode: items('revokeInvitations'),
        },
        {
          name: 'deletePatientInvitations',
          document:
            'mutation($id: ID!) { deletePatientInvitations(invitationIds: [$id]) { code } }',
          variables: (v) => ({ id: v.invitationId }),
          itemCode: items('deletePatientInvitations'),
        },
      ],
      retryDelivery: [
        {
          name: 'retryInvitationDeliveries',
          document:
            'mutation($id: ID!) { retryInvitationDeliveries(invitationIds: [$id]) { code } }',
          variables: (v) => ({ id: v.invitationId }),
          itemCode: items('retryInvitationDeliveries'),
        },
      ],
      manageHelpers: [
        {
          name: 'invitePatientHelper',
          document:
            'mutation($id: ID!, $email: String!) { invitePatientHelper(input: { patientId: $id, email: $email }) { id } }',
          variables: (v) => ({ id: v.patientId, email: `helper-${next()}@example.org` }),
        },
      ],
    },
  },
  {
    type: 'InvitationViewerCan',
    fixtures: (
      [
        ['Deployment Staff, own deployment', 'DEPLOYMENT_STAFF', 'first'],
        ['Admin, own deployment', 'ADMIN', 'first'],
        ['Contributor, other deployment', 'CONTRIBUTOR', 'second'],
        ['Organisation Owner, organisation', 'ORGANISATION_OWNER', 'organisation'],
      ] as const
    )
      .map(([name, key, at]): Fixture => ({
        name,
        make: async (em: EntityManager, w: World) => {
          const invitation = await makeStaffInvitation(em, w.home.scopes[at], key);
          return {
            o: w.home.organisation.id,
            d: at === 'organisation' ? null : w.home[at].id,
            invitationId: invitation.id,
          };
        },
      }))
      .concat([
        {
          name: 'Deployment Staff, expired',
          make: async (em, w) => {
            const invitation = await makeStaffInvitation(em, home(w), 'DEPLOYMENT_STAFF');
            await em.nativeUpdate(
              InvitationEntity,
              { id: invitation.id },
              { expiresAt: new Date(Date.now() - 3_600_000) },
            );
            return { o: w.home.organisation.id, d: w.home.first.id, invitationId: invitation.id };
          },
        },
        {
          name: 'Deployment Staff, archived organisation',
          make: async (em) => {
            const scope = await archivedPlace(em);
            const invitation = await makeStaffInvitation(em, scope, 'DEPLOYMENT_STAFF');
            return { o: scope.organisationId, d: scope.deploymentId, invitationId: invitation.id };
          },
        },
        {
          name: 'Deployment Staff, delivery failed',
          make: async (em, w) => {
            const invitation = await makeStaffInvitation(em, home(w), 'DEPLOYMENT_STAFF');
            await failDelivery(em, api.sealer, invitation);
            return { o: w.home.organisation.id, d: w.home.first.id, invitationId: invitation.id };
          },
        },
      ]),
    read: {
      document:
        'query($o: ID!, $d: ID) { staffInvitations(organisationId: $o, deploymentId: $d, first: 5) { nodes { id viewerCan { resend revoke retryDelivery } } } }',
      pick: (data, vars) =>
        data.staffInvitations.nodes.find((n: any) => n.id === vars.invitationId)?.viewerCan,
    },
    fields: {
      resend: [
        {
          name: 'resendInvitations',
          document: 'mutation($id: ID!) { resendInvitations(invitationIds: [$id]) { code } }',
          variables: (v) => ({ id: v.invitationId }),
          itemCode: items('resendInvitations'),
        },
      ],
      revoke: [
        {
          name: 'revokeInvitations',
          document: 'mutation($id: ID!) { revokeInvitations(invitationIds: [$id]) { code } }',
          variables: (v) => ({ id: v.invitationId }),
          itemCode: items('revokeInvitations'),
        },
      ],
      retryDelivery: [
        {
          name: 'retryInvitationDeliveries',
          document:
            'mutation($id: ID!) { retryInvitationDeliveries(invitationIds: [$id]) { code } }',
          variables: (v) => ({ id: v.invitationId }),
          itemCode: items('retryInvitationDeliveries'),
        },
      ],
    },
  },
  {
    type: 'StaffMemberViewerCan',
    fixtures: [
      ...(
        [
          ['Deployment Staff, own deployment', 'DEPLOYMENT_STAFF', 'first'],
          ['Admin, own deployment (not the last)', 'ADMIN', 'first'],
          ['Contributor, other deployment', 'CONTRIBUTOR', 'second'],
          ['Organisation Editor, organisation', 'ORGANISATION_EDITOR', 'organisation'],
        ] as const
      ).map(([name, key, at]) => ({
        name,
        make: async (em: EntityManager, w: World) => ({
          o: w.home.organisation.id,
          d: at === 'organisation' ? null : w.home[at].id,
          staffMemberId: await staffFixture(em, key, w.home.scopes[at]),
          roleId: await roleId(em, key),
        }),
      })),
      {
        name: 'oneself',
        make: async (em, w, role) => {
          const user = await em.findOneOrFail(UserEntity, { email: w.emails[role] });
          const scope = naturalScope(role, w.home);
          const assignment = await em.getConnection().execute<{ id: string; role_id: string }[]>(
            `select id, role_id from role_assignment where user_id = ? and ended_at is null
               and organisation_id is not distinct from ? and deployment_id is not distinct from ?`,
            [
              user.id,
              scope.type === 'PLATFORM' ? null : scope.organisationId,
              scope.type === 'DEPLOYMENT' ? scope.deploymentId : null,
            ],
          );
          return {
            o: scope.type === 'PLATFORM' ? w.home.organisation.id : scope.organisationId,
            d: scope.type === 'DEPLOYMENT' ? scope.deploymentId : null,
            staffMemberId: assignment[0]!.id,
            roleId: assignment[0]!.role_id,
          };
        },
      },
      {
        name: 'the last Admin of a deployment',
        make: async (em, w) => {
          const deployment = em.create(DeploymentEntity, {
            organisation: w.home.organisation.id,
            name: `Walk ${next()}`,
          });
          await em.flush();
          const scope = {
            type: 'DEPLOYMENT',
            organisationId: w.home.organisation.id,
            deploymentId: deployment.id,
          } as const;
          return {
            o: w.home.organisation.id,
            d: deployment.id,
            staffMemberId: await staffFixture(em, 'ADMIN', scope),
            roleId: await roleId(em, 'ADMIN'),
          };
        },
      },
      {
        name: 'Deployment Staff, archived organisation',
        make: async (em) => {
          const scope = await archivedPlace(em);
          return {
            o: scope.organisationId,
            d: scope.deploymentId,
            staffMemberId: await staffFixture(em, 'DEPLOYMENT_STAFF', scope),
            roleId: await roleId(em, 'DEPLOYMENT_STAFF'),
          };
        },
      },
    ],
    read: {
      document:
        'query($o: ID!, $d: ID) { staffMembers(organisationId: $o, deploymentId: $d, first: 200) { nodes { id viewerCan { changeRole remove } } } }',
      pick: (data, vars) =>
        data.staffMembers.nodes.find((n: any) => n.id === vars.staffMemberId)?.viewerCan,
    },
    fields: {
      // Giving the role they hold: the checks of a change, and no change.
      changeRole: [
        {
          name: 'changeStaffRole (same role)',
          document:
            'mutation($id: ID!, $roleId: ID!) { changeStaffRole(staffMemberId: $id, roleId: $roleId) { id } }',
          variables: (v) => ({ id: v.staffMemberId, roleId: v.roleId }),
        },
      ],
      remove: [
        {
          name: 'removeStaffMember',
          document: 'mutation($id: ID!) { removeStaffMember(staffMemberId: $id) }',
          variables: (v) => ({ id: v.staffMemberId }),
        },
      ],
    },
    beyondPolicy: { remove: ['LAST_KEEPER'] },
  },
  {
    type: 'OrganisationViewerCan',
    fixtures: [
      { name: 'live', make: (em, w, role) => organisationFixture(em, w, role) },
      {
        name: 'archived',
        make: (em, w, role) => organisationFixture(em, w, role, { archived: true }),
      },
      {
        name: 'live, Admin at the organisation',
        only: ['ADMIN'],
        make: (em, w, role) => organisationFixture(em, w, role, { atOrganisation: true }),
      },
      {
        // Owning it does not help: grants inside an archived organisation do not count.
        name: 'archived, the platform viewer also its Owner',
        only: PLATFORM_ROLES,
        make: (em, w, role) =>
          organisationFixture(em, w, role, { archived: true, alsoOwner: true }),
      },
    ],
    read: {
      document:
        'query($o: ID!) { organisation(id: $o) { id viewerCan { edit archive restore delete createDeployment inviteStaff } } }',
      pick: (data) => data.organisation?.viewerCan,
    },
    fields: {
      edit: [
        {
          name: 'updateOrganisation',
          document:
            'mutation($o: ID!, $name: String!) { updateOrganisation(id: $o, input: { name: $name, kind: REMOTE_PATIENT_MONITORING }) { id } }',
          variables: (v) => ({ o: v.o, name: `Walk renamed ${next()}` }),
        },
      ],
      archive: [
        {
          name: 'archiveOrganisation',
          document: 'mutation($o: ID!) { archiveOrganisation(id: $o) { id } }',
          variables: (v) => ({ o: v.o }),
        },
      ],
      restore: [
        {
          name: 'restoreOrganisation',
          document: 'mutation($o: ID!) { restoreOrganisation(id: $o) { id } }',
          variables: (v) => ({ o: v.o }),
        },
      ],
      delete: [
        {
          name: 'deleteOrganisation',
          document:
            'mutation($o: ID!, $name: String!) { deleteOrganisation(id: $o, confirmName: $name) }',
          variables: (v) => ({ o: v.o, name: v.name }),
        },
      ],
      createDeployment: [
        {
          name: 'createDeployment',
          document:
            'mutation($o: ID!, $name: String!) { createDeployment(input: { organisationId: $o, name: $name }) { id } }',
          variables: (v) => ({ o: v.o, name: `Walk new ${next()}` }),
        },
      ],
      inviteStaff: [
        {
          name: 'inviteStaff (an Organisation Editor)',
          document:
            'mutation($o: ID!, $roleId: ID!, $email: String!) { inviteStaff(input: { organisationId: $o, roleId: $roleId, emails: [$email] }) { results { outcome } } }',
          variables: async (v, em) => ({
            o: v.o,
            roleId: await roleId(em, 'ORGANISATION_EDITOR'),
            email: `walk-${next()}@example.org`,
          }),
        },
      ],
    },
    // Who may invite whom is the grant rules' business (grantableRoles); the button is staff:manage.
    beyondPolicy: { inviteStaff: ['GRANT_NOT_ALLOWED', 'ESCALATION_REFUSED'] },
  },
  {
    type: 'DeploymentViewerCan',
    fixtures: [
      { name: 'live', make: (em, w, role) => organisationFixture(em, w, role) },
      {
        name: 'archived',
        make: async (em, w, role) => archivedDeployment(em, await organisationFixture(em, w, role)),
      },
      {
        name: 'live, Admin at the organisation',
        only: ['ADMIN'],
        make: (em, w, role) => organisationFixture(em, w, role, { atOrganisation: true }),
      },
      {
        name: 'archived, Admin at the organisation',
        only: ['ADMIN'],
        make: async (em, w, role) =>
          archivedDeployment(em, await organisationFixture(em, w, role, { atOrganisation: true })),
      },
      {
        name: 'live, in an archived organisation',
        make: (em, w, role) => organisationFixture(em, w, role, { archived: true }),
      },
    ],
    read: {
      document:
        'query($o: ID) { deploymentPage(organisationId: $o, includeArchived: true, first: 20) { nodes { id viewerCan { archive restore configure inviteStaff } } } }',
      pick: (data, vars) => data.deploymentPage.nodes.find((n: any) => n.id === vars.d)?.viewerCan,
    },
    fields: {
      archive: [
        {
          name: 'archiveDeployment',
          document: 'mutation($d: ID!) { archiveDeployment(id: $d) { id } }',
          variables: (v) => ({ d: v.d }),
        },
      ],
      restore: [
        {
          name: 'restoreDeployment',
          document: 'mutation($d: ID!) { restoreDeployment(id: $d) { id } }',
          variables: (v) => ({ d: v.d }),
        },
      ],
      configure: [
        {
          name: 'updateDeployment',
          document:
            'mutation($d: ID!) { updateDeployment(id: $d, input: { settings: { remindersEnabled: true } }) { id } }',
          variables: (v) => ({ d: v.d }),
        },
      ],
      inviteStaff: [
        {
          name: 'inviteStaff (a Contributor)',
          document:
            'mutation($o: ID!, $d: ID!, $roleId: ID!, $email: String!) { inviteStaff(input: { organisationId: $o, deploymentId: $d, roleId: $roleId, emails: [$email] }) { results { outcome } } }',
          variables: async (v, em) => ({
            o: v.o,
            d: v.d,
            roleId: await roleId(em, 'CONTRIBUTOR'),
            email: `walk-${next()}@example.org`,
          }),
        },
      ],
    },
    beyondPolicy: { inviteStaff: ['GRANT_NOT_ALLOWED', 'ESCALATION_REFUSED'] },
  },
  {
    type: 'RoleViewerCan',
    fixtures: [
      { name: 'custom role', make: (em, w) => customRoleFixture(em, w.home.organisation.id) },
      {
        name: 'custom role, held by someone',
        make: (em, w) => customRoleFixture(em, w.home.organisation.id, 1),
      },
      {
        name: 'custom role, Admin at its organisation',
        only: ['ADMIN'],
        make: async (em, w, role) =>
          customRoleFixture(
            em,
            (await organisationFixture(em, w, role, { atOrganisation: true })).o,
          ),
      },
      {
        name: 'custom role, archived organisation',
        make: async (em, w, role) =>
          customRoleFixture(em, (await organisationFixture(em, w, role, { archived: true })).o),
      },
      {
        name: 'custom role, the foreign tenant',
        make: (em, w) => customRoleFixture(em, w.foreign.organisation.id),
      },
      {
        name: 'default role',
        make: async (em, w) => ({ o: w.home.organisation.id, id: await roleId(em, 'CONTRIBUTOR') }),
      },
    ],
    read: {
      document: 'query($o: ID) { roles(organisationId: $o) { id viewerCan { edit delete } } }',
      pick: (data, vars) => data.roles.find((r: any) => r.id === vars.id)?.viewerCan,
    },
    fields: {
      edit: [
        {
          name: 'updateRole',
          document:
            'mutation($id: ID!, $name: String!) { updateRole(id: $id, input: { name: $name }) { id } }',
          variables: (v) => ({ id: v.id, name: `Walk renamed ${next()}` }),
        },
      ],
      delete: [
        {
          name: 'deleteRole',
          document: 'mutation($id: ID!) { deleteRole(id: $id) }',
          variables: (v) => ({ id: v.id }),
        },
      ],
    },
    // Whether anyone still holds the role depends on the assignments, not on the role.
    beyondPolicy: { delete: ['ROLE_IN_USE'] },
  },
];

let api: TestApi;
let world: World;
const clients = new Map<DefaultRoleKey, GraphQLClient>();
let walked = 0;
beforeAll(async () => {
  api = await startTestApi();
  world = await makeWorld(api.orm.em.fork());
  for (const role of DEFAULT_ROLES)
    clients.set(role.key, await api.client().signIn(world.emails[role.key], PASSWORD));
});
afterAll(async () => {
  await api.stop();
});

describe('viewerCan walk', () => {
  for (const walk of WALKS) {
    it(
      `${walk.type}: true ⇒ the mutation does not refuse, false ⇒ it does`,
      { timeout: 300_000 },
      async () => {
        const failures: string[] = [];
        for (const role of DEFAULT_ROLES.map((r) => r.key)) {
          const client = clients.get(role)!;
          for (const fixture of walk.fixtures) {
            if (fixture.only && !fixture.only.includes(role)) continue;
            for (const [field, acts] of Object.entries(walk.fields)) {
              for (const act of acts) {
                const em = api.orm.em.fork();
                const vars = await fixture.make(em, world, role);
                const read = await client.request(walk.read.document, vars);
                const can = read.data ? walk.read.pick(read.data, vars) : undefined;
                if (!can) continue; // The viewer does not see this record: nothing is promised.
                const result = await client.request(act.document, await act.variables(vars, em));
                const code =
                  result.errors?.[0]?.extensions?.code ??
                  (result.data && act.itemCode?.(result.data)) ??
                  null;
                walked++;
                const label = `${role} · ${fixture.name} · ${field}=${can[field]} · ${act.name} → ${code ?? 'ok'}`;
                const refused = code !== null && REFUSALS.includes(code);
                const beyond = code !== null && (walk.beyondPolicy?.[field] ?? []).includes(code);
                if (can[field] ? code !== null && !beyond : !refused) failures.push(label);
              }
            }
          }
        }
        // Reset what the fixtures changed on the shared deployments.
        await setSettings(api.orm.em.fork(), world.home.first.id, {});
        await setSettings(api.orm.em.fork(), world.home.second.id, {});
        expect(failures).toEqual([]);
      },
    );
  }

  it('has a row for every viewerCan field in the schema', async () => {
    const schema = await createSchema();
    const fields = Object.values(schema.getTypeMap())
      .filter((t) => isObjectType(t) && t.name.endsWith('ViewerCan'))
      .flatMap((t) => Object.keys((t as any).getFields()).map((f) => `${t.name}.${f}`));
    const covered = WALKS.flatMap((w) => Object.keys(w.fields).map((f) => `${w.type}.${f}`));
    expect(fields.sort()).toEqual(covered.sort());
    // For the record: the calls made (each on a record of its own) where the viewer saw it.
    expect(walked).toBeGreaterThan(0);
    console.info(`viewerCan walk: ${fields.length} fields, ${walked} calls`);
  });
});
