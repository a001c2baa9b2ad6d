import { randomUUID } from 'node:crypto';
import { defineEntity, type InferEntity } from '@mikro-orm/core';

/**
 * A person: staff, admin, patient or helper. The email is stored normalised (trimmed, lower-case).
 * Patients who joined by SMS have no email and no password: they sign in with a code sent to
 * their mobile (E.164), which is then unique.
 */
export const UserEntity = defineEntity({
  name: 'User',
  tableName: 'app_user',
  properties: (p) => ({
    id: p
      .uuid()
      .primary()
      .onCreate(() => randomUUID()),
    email: p.string().length(254).unique().nullable(),
    fullName: p.string().length(200),
    mobile: p.string().length(20).nullable(),
    passwordHash: p.string().nullable().hidden(),
    failedSignInCount: p.integer().default(0),
    lockedUntil: p.datetime().nullable(),
    lastSignInAt: p.datetime().nullable(),
    disabledAt: p.datetime().nullable(),
    createdAt: p.datetime().onCreate(() => new Date()),
    updatedAt: p
      .datetime()
      .onCreate(() => new Date())
      .onUpdate(() => new Date()),
  }),
  uniques: [
    {
      name: 'app_user_mobile_unique',
      expression:
        'create unique index "app_user_mobile_unique" on "app_user" ("mobile") where "mobile" is not null',
    },
  ],
  checks: [
    { name: 'app_user_email_normalised', expression: 'email = lower(btrim(email))' },
    { name: 'app_user_has_address', expression: 'email is not null or mobile is not null' },
  ],
});
export type UserEntity = InferEntity<typeof UserEntity>;
