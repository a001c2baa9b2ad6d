import type { EntityManager, FilterQuery } from '@mikro-orm/postgresql';
import { getCountries } from 'libphonenumber-js';
import { access, assertAllowed, type Viewer } from '../../common/access.js';
import { systemClock, type Clock } from '../../common/clock.js';
import { BadInputError, NotFoundError } from '../../common/errors.js';
import { decodeCursor, toConnection } from '../../common/pagination.js';
import { audit, type AuditAction } from '../audit/index.js';
import { escapeLike, isUuid } from '../../common/ids.js';
import {
  createDeploymentRefusal,
  loadOrganisation,
  organisationFacts,
} from '../organisation/index.js';
import { DeploymentEntity, type DeploymentSettings } from './deployment.entity.js';
import type {
  CreateDeploymentInput,
  DeploymentSettingsInput,
  UpdateDeploymentInput,
} from './deployment.inputs.js';
import {
  archiveDeploymentRefusal,
  configureDeploymentRefusal,
  deploymentFacts,
  restoreDeploymentRefusal,
} from './deployment.policy.js';
import { toDeployment, type Deployment } from './deployment.types.js';

export interface DeploymentPageInput {
  first: number;
  after?: string | null;
  organisationId?: string | null;
  search?: string | null;
  includeArchived?: boolean;
}

const COUNTRIES: ReadonlySet<string> = new Set(getCountries());
export class DeploymentService {
  constructor(
    private readonly em: EntityManager,
    private readonly clock: Clock = systemClock,
  ) {}

  /**
   * The deployments of an organisation that the viewer may enter, by name: all of them for
   * holders of an organisation or platform role, otherwise those they hold a role in.
   * Throws NOT_FOUND for an organisation the viewer cannot enter.
   */
  async list(viewer: Viewer, organisationId: string): Promise<Deployment[]> {
    await loadOrganisation(this.em, viewer, organisationId);
    const wide = viewer.grants.some(
      (g) =>
        g.scopeType === 'PLATFORM' ||
        (g.scopeType === 'ORGANISATION' && g.organisationId === organisationId),
    );
    const own = viewer.grants
      .filter((g) => g.deploymentId && g.organisationId === organisationId)
      .map((g) => g.deploymentId!);
    const rows = await this.em.find(
      DeploymentEntity,
      wide ? { organisation: organisationId } : { organisation: organisationId, id: { $in: own } },
      { orderBy: { name: 'asc', id: 'asc' } },
    );
    return rows
      .filter((d) => access.canEnterDeployment(viewer, organisationId, d.id))
      .map(toDeployment);
  }

  /**
   * A page of deployments across the organisations the viewer may enter (platform staff: every
   * organisation that is not archived), by name; optionally of one organisation (NOT_FOUND when
   * the viewer cannot enter it) and matching a search.
   */
  async page(viewer: Viewer, input: DeploymentPageInput) {
    const where: FilterQuery<DeploymentEntity>[] = [];
    if (input.organisationId) {
      await loadOrganisation(this.em, viewer, input.organisationId);
      where.push({ organisation: input.organisationId });
    } else if (access.isPlatformStaff(viewer)) {
      where.push({ organisation: { archivedAt: null } });
    }
    if (!access.isPlatformStaff(viewer)) {
      const wide = viewer.grants
        .filter((g) => g.scopeType === 'ORGANISATION')
        .map((g) => g.organisationId!);
      const own = viewer.grants.filter((g) => g.deploymentId).map((g) => g.deploymentId!);
      where.push({ $or: [{ organisation: { $in: wide } }, { id: { $in: own } }] });
    }
    if (!input.includeArchived) where.push({ status: { $ne: 'ARCHIVED' } });
    if (input.search?.trim())
      where.push({ name: { $ilike: `%${escapeLike(input.search.trim())}%` } });
    if (input.after) {
      const [name, id] = decodeCursor(input.after, 2) as [string, string];
      where.push({ $or: [{ name: { $gt: name } }, { name, id: { $gt: id } }] });
    }
    const rows = await this.em.find(
      DeploymentEntity,
      { $and: where },
      { orderBy: { name: 'asc', id: 'asc' }, limit: input.first + 1 },
    );
    return toConnection(rows, input.first, (r) => [r.name, r.id], toDeployment);
  }

  /** A deployment the viewer may enter; NOT_FOUND otherwise (also inside an archived organisation, for its members). */
  async load(viewer: Viewer, id: string, em: EntityManager = this.em): Promise<DeploymentEntity> {
    const deployment = isUuid(id)
      ? await em.findOne(DeploymentEntity, { id }, { populate: ['organisation'] })
      : null;
    if (
      !deployment ||
      !access.canEnterDeployment(viewer, deployment.organisation.id, deployment.id) ||
      (deployment.organisation.archivedAt && !access.isPlatformStaff(viewer))
    ) {
      throw new NotFoundError('Deployment', id);
    }
    return deployment;
  }

  /** Creates a deployment in an organisation (`deployment:create` there, not archived: createDeploymentRefusal). Errors: NOT_FOUND, FORBIDDEN, CONFLICT (archived organisation), BAD_USER_INPUT. */
  async create(
    viewer: Viewer,
    input: CreateDeploymentInput,
    ip: string | null,
  ): Promise<Deployment> {
    return this.em.transactional(async (tx) => {
      const organisation = await loadOrganisation(tx, viewer, input.organisationId);
      assertAllowed(createDeploymentRefusal(viewer, organisationFacts(organisation)));
      const deployment = tx.create(DeploymentEntity, {
        organisation,
        name: deploymentName(input.name),
        status: 'ACTIVE',
        settings: mergeSettings({}, input.settings),
      });
      await tx.flush();
      this.audit(tx, viewer, 'deployment.created', deployment, null, snapshot(deployment), ip);
      return toDeployment(deployment);
    });
  }

  /** Renames a deployment and changes its settings (`deployment:configure` there: configureDeploymentRefusal). Errors: NOT_FOUND, FORBIDDEN, BAD_USER_INPUT. */
  async update(
    viewer: Viewer,
    id: string,
    input: UpdateDeploymentInput,
    ip: string | null,
  ): Promise<Deployment> {
    return this.em.transactional(async (tx) => {
      const deployment = await this.load(viewer, id, tx);
      assertAllowed(configureDeploymentRefusal(viewer, deploymentFacts(deployment)));
      const before = snapshot(deployment);
      if (input.name != null) deployment.name = deploymentName(input.name);
      if (input.settings)
        deployment.settings = mergeSettings(deployment.settings ?? {}, input.settings);
      const after = snapshot(deployment);
      if (JSON.stringify(before) !== JSON.stringify(after))
        this.audit(tx, viewer, 'deployment.updated', deployment, before, after, ip);
      return toDeployment(deployment);
    });
  }

  /**
   * Archives a deployment (`deployment:create` in its organisation): people who only work in it
   * lose access at once (their grants there stop counting); organisation administrators and
   * platform staff still see it, marked archived, and may restore it. Errors: NOT_FOUND, FORBIDDEN, CONFLICT.
   */
  async archive(viewer: Viewer, id: string, ip: string | null): Promise<Deployment> {
    return this.setArchived(viewer, id, true, ip);
  }

  /** Brings an archived deployment back (`deployment:create` in its organisation). Errors: NOT_FOUND, FORBIDDEN, CONFLICT. */
  async restore(viewer: Viewer, id: string, ip: string | null): Promise<Deployment> {
    return this.setArchived(viewer, id, false, ip);
  }

  private async setArchived(
    viewer: Viewer,
    id: string,
    archived: boolean,
    ip: string | null,
  ): Promise<Deployment> {
    return this.em.transactional(async (tx) => {
      const deployment = await this.load(viewer, id, tx);
      const policy = archived ? archiveDeploymentRefusal : restoreDeploymentRefusal;
      assertAllowed(policy(viewer, deploymentFacts(deployment)));
      const before = { status: deployment.status };
      deployment.status = archived ? 'ARCHIVED' : 'ACTIVE';
      this.audit(
        tx,
        viewer,
        archived ? 'deployment.archived' : 'deployment.restored',
        deployment,
        before,
        { status: deployment.status },
        ip,
      );
      return toDeployment(deployment);
    });
  }

  private audit(
    tx: EntityManager,
    viewer: Viewer,
    action: AuditAction,
    deployment: DeploymentEntity,
    before: Record<string, unknown> | null,
    after: Record<string, unknown> | null,
    ip: string | null,
  ): void {
    audit(tx, this.clock, {
      action,
      actor: { id: viewer.userId, email: viewer.email },
      organisationId: deployment.organisation.id,
      deploymentId: deployment.id,
      target: { type: 'Deployment', id: deployment.id, label: deployment.name },
      before,
      after,
      ip,
    });
  }
}

function snapshot(d: DeploymentEntity): Record<string, unknown> {
  return { name: d.name, status: d.status, settings: d.settings ?? {} };
}

function deploymentName(value: string): string {
  const name = value.trim();
  if (!name) throw new BadInputError('Give the deployment a name.', { field: 'name' });
  return name;
}

/** Applies the switches that were sent; unknown keys already stored are kept. Errors: BAD_USER_INPUT for a country that is not ISO 3166 alpha-2. */
export function mergeSettings(
  current: DeploymentSettings,
  input: DeploymentSettingsInput | null | undefined,
): DeploymentSettings {
  const next: DeploymentSettings = { ...current };
  if (!input) return next;
  for (const key of ['proxiesEnabled', 'offboardingEnabled', 'remindersEnabled'] as const) {
    if (input[key] != null) next[key] = input[key];
  }
  if (input.smsDefaultCountry !== undefined) {
    const country = input.smsDefaultCountry?.trim().toUpperCase() ?? '';
    if (!country) delete next.smsDefaultCountry;
    else if (/^[A-Z]{2}$/.test(country) && COUNTRIES.has(country)) next.smsDefaultCountry = country;
    else
      throw new BadInputError('Use a two-letter country code such as GB or US.', {
        field: 'smsDefaultCountry',
      });
  }
  return next;
}
