import { randomUUID } from 'node:crypto';
import { defineEntity, type InferEntity } from '@mikro-orm/core';

/** A person: staff, admin, patient or helper. The email is stored normalised (trimmed, lower-case). */
export const UserEntity = defineEntity({
  name: 'User',
  tableName: 'app_user',
  properties: (p) => ({
    id: p.uuid().primary().onCreate(() => randomUUID()),
    email: p.string().length(254).unique(),
    fullName: p.string().length(200),
    mobile: p.string().length(20).nullable(),
    passwordHash: p.string().nullable().hidden(),
    failedSignInCount: p.integer().default(0),
    lockedUntil: p.datetime().nullable(),
    lastSignInAt: p.datetime().nullable(),
    disabledAt: p.datetime().nullable(),
    createdAt: p.datetime().onCreate(() => new Date()),
    updatedAt: p.datetime().onCreate(() => new Date()).onUpdate(() => new Date()),
  }),
  checks: [{ name: 'app_user_email_normalised', expression: 'email = lower(btrim(email))' }],
});
export type UserEntity = InferEntity<typeof UserEntity>;
