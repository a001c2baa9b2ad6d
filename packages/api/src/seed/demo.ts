import type { EntityManager } from '@mikro-orm/postgresql';
import type { DefaultRoleKey } from '@porter/shared';
import type { AccessScope } from '../common/access.js';
import type { Logger } from '../common/logger.js';
import { DeploymentEntity } from '../modules/deployment/index.js';
import { OrganisationEntity } from '../modules/organisation/index.js';
import { hashPassword } from '../modules/auth/index.js';
import { assignDefaultRole } from '../modules/role/index.js';
import { UserEntity } from '../modules/user/index.js';

/** One password for every demo account (README lists them). */
export const DEMO_PASSWORD = 'porter-demo-password';

type DemoScope = 'platform' | 'riverside' | 'diabetes' | 'heart';

export const DEMO_USERS: readonly {
  email: string;
  fullName: string;
  role: DefaultRoleKey;
  scope: DemoScope;
}[] = [
  {
    email: 'superadmin@porter.example',
    fullName: 'Sam Super',
    role: 'SUPER_ADMIN',
    scope: 'platform',
  },
  {
    email: 'accounts@porter.example',
    fullName: 'Alex Accounts',
    role: 'ACCOUNT_MANAGER',
    scope: 'platform',
  },
  { email: 'support@porter.example', fullName: 'Pat Support', role: 'SUPPORT', scope: 'platform' },
  {
    email: 'owner@riverside.example',
    fullName: 'Olivia Owner',
    role: 'ORGANISATION_OWNER',
    scope: 'riverside',
  },
  {
    email: 'editor@riverside.example',
    fullName: 'Eddie Editor',
    role: 'ORGANISATION_EDITOR',
    scope: 'riverside',
  },
  {
    email: 'access@riverside.example',
    fullName: 'Ava Access',
    role: 'ACCESS_CONTROLLER',
    scope: 'riverside',
  },
  {
    email: 'orgstaff@riverside.example',
    fullName: 'Oscar Orgstaff',
    role: 'ORGANISATION_STAFF',
    scope: 'riverside',
  },
  { email: 'admin@riverside.example', fullName: 'Ada Admin', role: 'ADMIN', scope: 'diabetes' },
  {
    email: 'staff@riverside.example',
    fullName: 'Dana Deployment',
    role: 'DEPLOYMENT_STAFF',
    scope: 'diabetes',
  },
  {
    email: 'contributor@riverside.example',
    fullName: 'Cal Contributor',
    role: 'CONTRIBUTOR',
    scope: 'heart',
  },
];

/**
 * On an empty database, creates the demo platform: platform staff, the organisation "Riverside
 * Health" with two deployments, and a user for each default role. Does nothing otherwise.
 */
export async function seedDemo(em: EntityManager, log: Logger): Promise<boolean> {
  if ((await em.count(UserEntity, {})) > 0) return false;
  await em.transactional(async (tx) => {
    const riverside = tx.create(OrganisationEntity, {
      name: 'Riverside Health',
      kind: 'REMOTE_PATIENT_MONITORING',
      enrolmentTarget: 500,
      legalLinks: {
        privacyPolicyUrl: 'https://riverside.example/privacy',
        termsOfUseUrl: 'https://riverside.example/terms',
      },
    });
    const diabetes = tx.create(DeploymentEntity, {
      organisation: riverside,
      name: 'Diabetes remote monitoring',
    });
    const heart = tx.create(DeploymentEntity, {
      organisation: riverside,
      name: 'Heart failure programme',
    });
    const scopes: Record<DemoScope, AccessScope> = {
      platform: { type: 'PLATFORM' },
      riverside: { type: 'ORGANISATION', organisationId: riverside.id },
      diabetes: { type: 'DEPLOYMENT', organisationId: riverside.id, deploymentId: diabetes.id },
      heart: { type: 'DEPLOYMENT', organisationId: riverside.id, deploymentId: heart.id },
    };
    const passwordHash = await hashPassword(DEMO_PASSWORD);
    for (const demo of DEMO_USERS) {
      const user = tx.create(UserEntity, {
        email: demo.email,
        fullName: demo.fullName,
        passwordHash,
      });
      await assignDefaultRole(tx, user, demo.role, scopes[demo.scope]);
    }
  });
  log.info(
    `seeded the demo organisation "Riverside Health"; sign in as admin@riverside.example / ${DEMO_PASSWORD}`,
  );
  return true;
}
