import type { EntityManager } from '@mikro-orm/postgresql';
import { isValidEmail, normaliseEmail } from '@porter/shared';
import { PLATFORM } from '../../common/access.js';
import type { Clock } from '../../common/clock.js';
import { AppError, BadInputError } from '../../common/errors.js';
import { fullNameOf, grantRole, passwordHashOf } from '../enrolment/index.js';
import { RoleAssignmentEntity, RoleEntity } from '../role/index.js';
import { UserEntity } from '../user/index.js';

export interface FirstSuperAdminInput {
  email: string;
  fullName: string;
  password: string;
}

/**
 * Makes the first Super Admin of a new installation (there is no one yet to invite them): a
 * user with that password and the SUPER_ADMIN role on the platform, audited. Refuses once any
 * live Super Admin exists (CONFLICT), so the command cannot be used to add more; they invite the
 * rest. Serialised by a transaction-level advisory lock, so two runs at once make one.
 */
export async function createFirstSuperAdmin(
  em: EntityManager,
  clock: Clock,
  input: FirstSuperAdminInput,
): Promise<UserEntity> {
  const email = normaliseEmail(input.email);
  if (!isValidEmail(email))
    throw new BadInputError('Give a valid email address.', { field: 'email' });
  const fullName = fullNameOf(input.fullName);
  if (!fullName) throw new BadInputError('Give the person’s full name.', { field: 'fullName' });
  const passwordHash = await passwordHashOf(input.password);

  return em.transactional(async (tx) => {
    await tx
      .getConnection()
      .execute(
        `select pg_advisory_xact_lock(hashtext('porter:first-super-admin'))`,
        [],
        'all',
        tx.getTransactionContext(),
      );
    const existing = await tx.count(RoleAssignmentEntity, {
      role: { key: 'SUPER_ADMIN' },
      endedAt: null,
    });
    if (existing > 0)
      throw new AppError(
        'CONFLICT',
        'This installation has a Super Admin already: they can invite more from the app.',
      );
    const user =
      (await tx.findOne(UserEntity, { email })) ??
      tx.create(UserEntity, { email, fullName, passwordHash });
    user.fullName = fullName;
    user.passwordHash = passwordHash;
    await grantRole(tx, clock, {
      user,
      role: await tx.findOneOrFail(RoleEntity, { key: 'SUPER_ADMIN' }),
      scope: PLATFORM,
      grantedBy: null,
      now: clock.now(),
      actor: null,
      actorEmail: 'porter create-super-admin',
      granted: { role: 'SUPER_ADMIN', scope: 'PLATFORM', via: 'create-super-admin' },
    });
    await tx.flush();
    return user;
  });
}
