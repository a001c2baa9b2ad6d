import { LockMode, type EntityManager } from '@mikro-orm/postgresql';
import { PATIENT_EXPIRY_HOURS } from '@porter/shared';
import QRCode from 'qrcode';
import { access, type AccessScope, type Viewer } from '../../common/access.js';
import type { Clock } from '../../common/clock.js';
import { BadInputError, ConflictError, NotFoundError } from '../../common/errors.js';
import type { Sealer } from '../../common/secret.js';
import { audit } from '../audit/audit.service.js';
import { hashToken, newToken } from '../auth/token.js';
import { isUuid } from '../organisation/organisation.service.js';
import { resolveScope } from '../organisation/scope.js';
import { InviteLinkClaimEntity, InviteLinkEntity } from './invite-link.entity.js';
import { MAX_LINK_USES, type InviteLinkJoin } from './invite-link.types.js';

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

/** The address people open: the SPA's join page for this token. */
export const inviteLinkUrl = (appUrl: string, token: string) => `${appUrl.replace(/\/$/, '')}/join/${token}`;

/** The QR code of a URL as SVG markup (scales for print). */
export const qrSvg = (url: string): Promise<string> => QRCode.toString(url, { type: 'svg', errorCorrectionLevel: 'M', margin: 2 });

/** The QR code of a URL as a 512-pixel PNG data URL. */
export const qrPng = (url: string): Promise<string> => QRCode.toDataURL(url, { errorCorrectionLevel: 'M', margin: 2, width: 512 });

/** Joins shown per link; the count of people is `useCount`. */
const JOINS_SHOWN = 100;

/** Staff side of patient invite links: list, create, revoke, rotate; who joined through each. */
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
  private async manageableDeployment(viewer: Viewer, organisationId: string, deploymentId: string): Promise<AccessScope & { type: 'DEPLOYMENT' }> {
    const scope = await resolveScope(this.em, viewer, organisationId, deploymentId);
    if (scope.type !== 'DEPLOYMENT') throw new NotFoundError('Deployment', deploymentId);
    access.require(viewer, 'patient:manage', scope);
    return scope;
  }

  /** The patient invite links of a deployment, newest first. Needs `patient:manage`. Errors: NOT_FOUND, FORBIDDEN. */
  async list(viewer: Viewer, organisationId: string, deploymentId: string): Promise<InviteLinkEntity[]> {
    const scope = await this.manageableDeployment(viewer, organisationId, deploymentId);
    return this.em.find(
      InviteLinkEntity,
      { deployment: scope.deploymentId, kind: 'PATIENT' },
      { populate: ['createdBy', 'organisation', 'deployment'], orderBy: [{ createdAt: 'desc' }, { id: 'desc' }], limit: 500 },
    );
  }

  /**
   * Makes a multi-use link for a deployment: expiry from the patient choices (7 days by default),
   * optional maximum uses and label. Needs `patient:manage`. Errors: NOT_FOUND, FORBIDDEN, BAD_USER_INPUT.
   */
  async create(viewer: Viewer, input: CreateInviteLinkInput, ip: string | null): Promise<InviteLinkEntity> {
    const scope = await this.manageableDeployment(viewer, input.organisationId, input.deploymentId);
    const expiryHours = input.expiryHours ?? 168;
    if (!(PATIENT_EXPIRY_HOURS as readonly number[]).includes(expiryHours)) {
      throw new BadInputError('Invite links expire after 24 hours, 48 hours, 7 days or 1 year.', { field: 'expiryHours' });
    }
    const maxUses = input.maxUses ?? null;
    if (maxUses !== null && (!Number.isInteger(maxUses) || maxUses < 1 || maxUses > MAX_LINK_USES)) {
      throw new BadInputError(`Maximum uses must be between 1 and ${MAX_LINK_USES}.`, { field: 'maxUses' });
    }
    const label = input.label?.trim().replace(/\s+/g, ' ') || null;
    if (label && label.length > 120) throw new BadInputError('Keep the label to 120 characters.', { field: 'label' });
    const now = this.deps.clock.now();
    const token = newToken();
    const link = this.em.create(InviteLinkEntity, {
      kind: 'PATIENT',
      organisation: scope.organisationId,
      deployment: scope.deploymentId,
      label,
      tokenHash: hashToken(token),
      sealedToken: this.deps.sealer.seal(token),
      expiryHours,
      expiresAt: new Date(now.getTime() + expiryHours * 3_600_000),
      maxUses,
      createdBy: viewer.userId,
      createdAt: now,
    });
    this.audit(viewer, 'invite-link.created', link, scope, ip, { expiresAt: link.expiresAt.toISOString(), maxUses });
    await this.em.flush();
    await this.em.populate(link, ['createdBy', 'organisation', 'deployment']);
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
   * and who joined stay. Revoked links cannot be rotated. Errors: NOT_FOUND, FORBIDDEN, CONFLICT.
   */
  async rotate(viewer: Viewer, id: string, ip: string | null): Promise<InviteLinkEntity> {
    return this.em.transactional(async (tx) => {
      const { link, scope } = await this.loadManageable(tx, viewer, id);
      if (link.status === 'REVOKED') throw new ConflictError('This link was revoked; create a new one instead.');
      const token = newToken();
      link.replacedTokenHashes = [...link.replacedTokenHashes.slice(-19), link.tokenHash];
      link.tokenHash = hashToken(token);
      link.sealedToken = this.deps.sealer.seal(token);
      link.rotatedAt = this.deps.clock.now();
      this.audit(viewer, 'invite-link.rotated', link, scope, ip, null, tx);
      return link;
    });
  }

  /** People who finished joining through a link, newest first (at most 100). */
  async joins(viewer: Viewer, link: { id: string; deploymentScope: { organisationId: string; deploymentId: string } }): Promise<InviteLinkJoin[]> {
    const identifiers = access.can(viewer, 'patient:view-identifiers', { type: 'DEPLOYMENT', ...link.deploymentScope });
    const claims = await this.em.find(
      InviteLinkClaimEntity,
      { link: link.id, joinedAt: { $ne: null } },
      { populate: ['user', 'patient'], orderBy: [{ joinedAt: 'desc' }, { id: 'desc' }], limit: JOINS_SHOWN },
    );
    return claims.map((c) => {
      const name = [c.patient?.firstName, c.patient?.lastName].filter(Boolean).join(' ') || c.user?.fullName || c.email;
      return {
        id: c.id,
        fullName: identifiers ? name : `Patient ${(c.patient?.id ?? c.id).slice(0, 8)}`,
        email: identifiers ? c.email : null,
        joinedAt: c.joinedAt!,
        patientId: c.patient?.id ?? null,
      };
    });
  }

  /** People who asked for a code but did not join (yet). */
  unfinishedCount(linkId: string): Promise<number> {
    return this.em.count(InviteLinkClaimEntity, { link: linkId, joinedAt: null });
  }

  private async loadManageable(tx: EntityManager, viewer: Viewer, id: string) {
    const link = isUuid(id)
      ? await tx.findOne(InviteLinkEntity, { id, kind: 'PATIENT' }, { populate: ['createdBy', 'organisation', 'deployment'], lockMode: LockMode.PESSIMISTIC_WRITE })
      : null;
    if (!link) throw new NotFoundError('Invite link', id);
    // Foreign or unreachable deployments answer NOT_FOUND, like unknown ids.
    const scope = await this.manageableDeployment(viewer, link.organisation.id, link.deployment!.id).catch((error: unknown) => {
      if (error instanceof NotFoundError) throw new NotFoundError('Invite link', id);
      throw error;
    });
    return { link, scope };
  }

  private audit(
    viewer: Viewer,
    action: 'invite-link.created' | 'invite-link.revoked' | 'invite-link.rotated',
    link: InviteLinkEntity,
    scope: { organisationId: string; deploymentId: string },
    ip: string | null,
    after: Record<string, unknown> | null = null,
    em: EntityManager = this.em,
  ) {
    audit(em, this.deps.clock, {
      action,
      actor: { id: viewer.userId, email: viewer.email },
      organisationId: scope.organisationId,
      deploymentId: scope.deploymentId,
      target: { type: 'InviteLink', id: link.id, label: link.label ?? 'Invite link' },
      after,
      ip,
    });
  }
}

