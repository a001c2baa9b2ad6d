import { LockMode, type EntityManager } from '@mikro-orm/postgresql';
import { access, type AccessScope, type Viewer } from '../../common/access.js';
import type { Clock } from '../../common/clock.js';
import { BadInputError, ConflictError, NotFoundError } from '../../common/errors.js';
import { reachRecord } from '../../common/record-access.js';
import { expiryHoursFor } from '../invitation/index.js';
import type { Sealer } from '../../common/secret.js';
import { audit } from '../audit/index.js';
import { hashToken, newToken } from '../auth/index.js';
import { isUuid } from '../../common/ids.js';
import {
  resolveDeploymentScope,
  resolveScope,
  Batch,
  grouped,
  IDS,
} from '../organisation/index.js';
import { grantableRoles, RoleEntity, toGrantable, type Role } from '../role/index.js';
import {
  InviteLinkClaimEntity,
  InviteLinkEntity,
  type InviteLinkKind,
} from './invite-link.entity.js';
import { MAX_LINK_USES, type InviteLinkJoin, type LinkScope } from './invite-link.types.js';
import { manageLinkRefusal } from './invite-link.policy.js';
import { isLinkableRole, requireStaffLink } from './staff-link-policy.js';
import { scopeAt, type TenantScope } from '../../common/places.js';

export interface InviteLinkDeps {
  em: EntityManager;
  clock: Clock;
  sealer: Sealer;
  appUrl: string;
}

export interface CreateInviteLinkInput {
  organisationId: string;
  deploymentId: string;
  expiryHours?: number | null;
  maxUses?: number | null;
  label?: string | null;
}

export interface CreateStaffInviteLinkInput {
  organisationId: string;
  /** Null or omitted: the organisation itself. */
  deploymentId?: string | null;
  roleId: string;
  expiryHours?: number | null;
  maxUses?: number | null;
  label?: string | null;
}

/** The address people open: the SPA's join page for this token. */
export const inviteLinkUrl = (appUrl: string, token: string) =>
  `${appUrl.replace(/\/$/, '')}/join/${token}`;

/** Joins shown per link; the count of people is `useCount`. */
const JOINS_SHOWN = 100;

/**
 * Staff side of invite links: list, create, revoke, rotate; who joined through each. Patient links
 * need `patient:manage` at their deployment; staff links `staff:manage` at their scope.
 */
export class InviteLinkService {
  constructor(private readonly deps: InviteLinkDeps) {}

  private get em() {
    return this.deps.em;
  }

  /** The link's URL, from its sealed token. */
  urlOf(link: InviteLinkEntity): string {
    return inviteLinkUrl(this.deps.appUrl, this.deps.sealer.unseal(link.sealedToken));
  }

  /** A deployment the viewer may enter, with `patient:manage` there. Errors: NOT_FOUND, FORBIDDEN. */
  private async manageableDeployment(
    viewer: Viewer,
    organisationId: string,
    deploymentId: string,
  ): Promise<AccessScope & { type: 'DEPLOYMENT' }> {
    const scope = await resolveDeploymentScope(this.em, viewer, organisationId, deploymentId);
    access.require(viewer, 'patient:manage', scope);
    return scope;
  }

  /** The patient invite links of a deployment, newest first. Needs `patient:manage`. Errors: NOT_FOUND, FORBIDDEN. */
  async list(
    viewer: Viewer,
    organisationId: string,
    deploymentId: string,
  ): Promise<InviteLinkEntity[]> {
    const scope = await this.manageableDeployment(viewer, organisationId, deploymentId);
    return this.em.find(
      InviteLinkEntity,
      { deployment: scope.deploymentId, kind: 'PATIENT' },
      {
        populate: ['createdBy', 'organisation', 'deployment'],
        orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
        limit: 500,
      },
    );
  }

  /**
   * Makes a multi-use link for a deployment: expiry from the patient choices (7 days by default),
   * optional maximum uses and label. Needs `patient:manage`. Errors: NOT_FOUND, FORBIDDEN, BAD_USER_INPUT.
   */
  async create(
    viewer: Viewer,
    input: CreateInviteLinkInput,
    ip: string | null,
  ): Promise<InviteLinkEntity> {
    const scope = await this.manageableDeployment(viewer, input.organisationId, input.deploymentId);
    const expiryHours = expiryHoursFor('PATIENT_LINK', input.expiryHours);
    return this.insert(
      viewer,
      {
        kind: 'PATIENT',
        scope,
        role: null,
        expiryHours,
        maxUses: input.maxUses,
        label: input.label,
      },
      ip,
    );
  }

  /** The staff invite links made at exactly this scope (an organisation, or one deployment), newest first. Needs `staff:manage`. */
  async listStaff(
    viewer: Viewer,
    organisationId: string,
    deploymentId: string | null | undefined,
  ): Promise<InviteLinkEntity[]> {
    const scope = await resolveScope(this.em, viewer, organisationId, deploymentId);
    if (scope.type === 'PLATFORM') throw new NotFoundError('Organisation', organisationId);
    access.require(viewer, 'staff:manage', scope);
    return this.em.find(
      InviteLinkEntity,
      {
        kind: 'STAFF',
        organisation: scope.organisationId,
        deployment: scope.type === 'DEPLOYMENT' ? scope.deploymentId : null,
      },
      {
        populate: ['createdBy', 'organisation', 'deployment', 'role'],
        orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
        limit: 500,
      },
    );
  }

  /** Roles the viewer may put on a staff invite link at a scope: grantable there, and not admin roles. Errors: NOT_FOUND. */
  async linkableRoles(
    viewer: Viewer,
    organisationId: string,
    deploymentId: string | null | undefined,
  ): Promise<Role[]> {
    const scope = await resolveScope(this.em, viewer, organisationId, deploymentId);
    if (scope.type === 'PLATFORM') throw new NotFoundError('Organisation', organisationId);
    return (await grantableRoles(this.em, viewer, scope)).filter(isLinkableRole);
  }

  /**
   * Makes a multi-use staff link: whoever joins through it gets `roleId` at the organisation or the
   * deployment. The viewer must be able to give the role there (grant policy, `staff:manage`) and
   * the role must not be an admin role (ROLE_NOT_LINKABLE). Expiry 24 h, 72 h (default) or 7 days.
   * Errors: NOT_FOUND, FORBIDDEN, GRANT_NOT_ALLOWED, ESCALATION_REFUSED, ROLE_SCOPE_NOT_ALLOWED,
   * ROLE_NOT_LINKABLE, BAD_USER_INPUT.
   */
  async createStaff(
    viewer: Viewer,
    input: CreateStaffInviteLinkInput,
    ip: string | null,
  ): Promise<InviteLinkEntity> {
    const scope = await resolveScope(this.em, viewer, input.organisationId, input.deploymentId);
    if (scope.type === 'PLATFORM') throw new NotFoundError('Organisation', input.organisationId);
    const expiryHours = expiryHoursFor('STAFF_LINK', input.expiryHours);
    const role = isUuid(input.roleId)
      ? await this.em.findOne(RoleEntity, { id: input.roleId, deletedAt: null })
      : null;
    if (!role || (role.organisation && role.organisation.id !== scope.organisationId))
      throw new NotFoundError('Role', input.roleId);
    requireStaffLink(viewer, toGrantable(role), scope);
    return this.insert(
      viewer,
      { kind: 'STAFF', scope, role, expiryHours, maxUses: input.maxUses, label: input.label },
      ip,
    );
  }

  private async insert(
    viewer: Viewer,
    input: {
      kind: InviteLinkKind;
      scope: TenantScope;
      role: RoleEntity | null;
      expiryHours: number;
      maxUses?: number | null;
      label?: string | null;
    },
    ip: string | null,
  ): Promise<InviteLinkEntity> {
    const maxUses = input.maxUses ?? null;
    if (
      maxUses !== null &&
      (!Number.isInteger(maxUses) || maxUses < 1 || maxUses > MAX_LINK_USES)
    ) {
      throw new BadInputError(`Maximum uses must be between 1 and ${MAX_LINK_USES}.`, {
        field: 'maxUses',
      });
    }
    const label = input.label?.trim().replace(/\s+/g, ' ') || null;
    if (label && label.length > 120)
      throw new BadInputError('Keep the label to 120 characters.', { field: 'label' });
    const now = this.deps.clock.now();
    const token = newToken();
    const { scope, expiryHours } = input;
    const link = this.em.create(InviteLinkEntity, {
      kind: input.kind,
      organisation: scope.organisationId,
      deployment: scope.type === 'DEPLOYMENT' ? scope.deploymentId : null,
      role: input.role,
      label,
      tokenHash: hashToken(token),
      sealedToken: this.deps.sealer.seal(token),
      expiryHours,
      expiresAt: new Date(now.getTime() + expiryHours * 3_600_000),
      maxUses,
      createdBy: viewer.userId,
      createdAt: now,
    });
    const after: Record<string, unknown> = {
      kind: input.kind,
      expiresAt: link.expiresAt.toISOString(),
      maxUses,
    };
    if (input.role) Object.assign(after, { role: input.role.name, roleId: input.role.id });
    this.audit(viewer, 'invite-link.created', link, scope, ip, after);
    await this.em.flush();
    await this.em.populate(link, ['createdBy', 'organisation', 'deployment', 'role']);
    return link;
  }

  /** Switches a link off: it stops working at once. Revoking twice is harmless. Errors: NOT_FOUND, FORBIDDEN. */
  async revoke(viewer: Viewer, id: string, ip: string | null): Promise<InviteLinkEntity> {
    return this.em.transactional(async (tx) => {
      const { link, scope } = await this.loadManageable(tx, viewer, id);
      if (link.status !== 'REVOKED') {
        link.status = 'REVOKED';
        link.revokedAt = this.deps.clock.now();
        this.audit(viewer, 'invite-link.revoked', link, scope, ip, null, tx);
      }
      return link;
    });
  }

  /**
   * Puts a new token on a link: the old address then answers LINK_REPLACED, while expiry, uses
   * and who joined stay. Join tickets already earned through the old address end with it (joining
   * with one answers LINK_REPLACED); codes only ever work with the current address. Revoked links
   * cannot be rotated. Errors: NOT_FOUND, FORBIDDEN, CONFLICT.
   */
  async rotate(viewer: Viewer, id: string, ip: string | null): Promise<InviteLinkEntity> {
    return this.em.transactional(async (tx) => {
      const { link, scope } = await this.loadManageable(tx, viewer, id);
      if (link.status === 'REVOKED')
        throw new ConflictError('This link was revoked; create a new one instead.');
      const now = this.deps.clock.now();
      const token = newToken();
      link.replacedTokenHashes = [...link.replacedTokenHashes.slice(-19), link.tokenHash];
      link.tokenHash = hashToken(token);
      link.sealedToken = this.deps.sealer.seal(token);
      link.rotatedAt = now;
      // Every ticket that exists now was earned through the old address: it lapses at this moment.
      await tx.getConnection().execute(
        `update invite_link_claim set ticket_expires_at = ?, updated_at = ?
            where link_id = ? and joined_at is null and ticket_hash is not null and ticket_expires_at > ?`,
        [now, now, link.id, now],
        'run',
        tx.getTransactionContext(),
      );
      this.audit(viewer, 'invite-link.rotated', link, scope, ip, null, tx);
      return link;
    });
  }

  /**
   * People who finished joining through a link, newest first (at most 100). Patients show their
   * names only with `patient:view-identifiers`; staff who joined are shown by name and email.
   * The links of one response share one query (linkLoaders).
   */
  async joins(
    viewer: Viewer,
    link: { id: string; kind: InviteLinkKind; linkScope: LinkScope },
    request: object,
  ): Promise<InviteLinkJoin[]> {
    const { organisationId, deploymentId } = link.linkScope;
    const scope = scopeAt(organisationId, deploymentId);
    const identifiers =
      link.kind === 'STAFF' || access.can(viewer, 'patient:view-identifiers', scope);
    const claims = await linkLoaders(request, this.em).joins.load(link.id);
    return claims.map((c) => {
      const name =
        [c.patient?.firstName, c.patient?.lastName].filter(Boolean).join(' ') ||
        c.user?.fullName ||
        c.email;
      return {
        id: c.id,
        fullName: identifiers ? name : `Patient ${(c.patient?.id ?? c.id).slice(0, 8)}`,
        email: identifiers ? c.email : null,
        joinedAt: c.joinedAt!,
        patientId: c.patient?.id ?? null,
        userId: link.kind === 'STAFF' ? (c.user?.id ?? null) : null,
      };
    });
  }

  /** People who asked for a code but did not join (yet); the links of one response share one query. */
  unfinishedCount(linkId: string, request: object): Promise<number> {
    return linkLoaders(request, this.em).unfinished.load(linkId);
  }

  /** A link the viewer reaches and may manage, locked for the transaction. */
  private async loadManageable(tx: EntityManager, viewer: Viewer, id: string) {
    const { record: link, scope } = await reachRecord(tx, viewer, InviteLinkEntity, id, {
      what: 'Invite link',
      populate: ['createdBy', 'deployment', 'role'],
      lockMode: LockMode.PESSIMISTIC_WRITE,
      // Foreign, unreachable and archived places answer NOT_FOUND, like unknown ids.
      archivedAs: 'record',
      check: (l, scope) => manageLinkRefusal(viewer, { kind: l.kind, scope }),
    });
    return { link, scope: scope };
  }

  private audit(
    viewer: Viewer,
    action: 'invite-link.created' | 'invite-link.revoked' | 'invite-link.rotated',
    link: InviteLinkEntity,
    scope: TenantScope,
    ip: string | null,
    after: Record<string, unknown> | null = null,
    em: EntityManager = this.em,
  ) {
    audit(em, this.deps.clock, {
      action,
      actor: { id: viewer.userId, email: viewer.email },
      organisationId: scope.organisationId,
      deploymentId: scope.type === 'DEPLOYMENT' ? scope.deploymentId : null,
      target: {
        type: 'InviteLink',
        id: link.id,
        label: link.label ?? (link.kind === 'STAFF' ? 'Staff invite link' : 'Invite link'),
      },
      after,
      ip,
    });
  }
}

interface LinkLoaders {
  joins: Batch<InviteLinkClaimEntity[]>;
  unfinished: Batch<number>;
}
const loadersPerRequest = new WeakMap<object, LinkLoaders>();

/** Per GraphQL request: who joined and who did not finish, for every link of the answer at once. */
function linkLoaders(request: object, em: EntityManager): LinkLoaders {
  let found = loadersPerRequest.get(request);
  if (!found) {
    found = {
      joins: new Batch(
        async (ids) => {
          const newest = await em.getConnection().execute<{ id: string }[]>(
            `select id from (select c.id, row_number() over (partition by c.link_id order by c.joined_at desc, c.id desc) as n
                             from invite_link_claim c where c.link_id in ${IDS} and c.joined_at is not null) t
            where n <= ${JOINS_SHOWN}`,
            [JSON.stringify(ids)],
            'all',
            em.getTransactionContext(),
          );
          const claims = newest.length
            ? await em.find(
                InviteLinkClaimEntity,
                { id: { $in: newest.map((r) => r.id) } },
                { populate: ['user', 'patient'], orderBy: [{ joinedAt: 'desc' }, { id: 'desc' }] },
              )
            : [];
          const byLink = new Map<string, InviteLinkClaimEntity[]>();
          for (const c of claims) byLink.set(c.link.id, [...(byLink.get(c.link.id) ?? []), c]);
          return byLink;
        },
        () => [],
      ),
      unfinished: new Batch(
        (ids) =>
          grouped(
            em,
            `select link_id as id, count(*) as n from invite_link_claim where link_id in ${IDS} and joined_at is null group by link_id`,
            ids,
          ),
        () => 0,
      ),
    };
    loadersPerRequest.set(request, found);
  }
  return found;
}
