import { randomUUID } from 'node:crypto';
import { defineEntity, type InferEntity } from '@mikro-orm/core';
import { UserEntity } from '../user/index.js';

export const CODE_PURPOSES = ['SMS_SIGN_IN'] as const;
export type CodePurpose = (typeof CODE_PURPOSES)[number];

/**
 * A one-time code sent to a person (today: SMS sign-in). Only its SHA-256 is kept; it expires in
 * minutes and allows a few attempts. Rows double as the rate-limit record: how many codes a
 * subject (e.g. a mobile number) was sent recently is counted here, so every API process agrees.
 */
export const VerificationCodeEntity = defineEntity({
  name: 'VerificationCode',
  tableName: 'verification_code',
  properties: (p) => ({
    id: p
      .uuid()
      .primary()
      .onCreate(() => randomUUID()),
    purpose: p.enum(CODE_PURPOSES),
    /** Normalised email or E.164 mobile. */
    subject: p.string().length(254),
    user: () => p.manyToOne(UserEntity).nullable().deleteRule('cascade'),
    codeHash: p.string().length(64).hidden(),
    attempts: p.integer().default(0),
    expiresAt: p.datetime(),
    consumedAt: p.datetime().nullable(),
    ip: p.string().length(64).nullable(),
    createdAt: p.datetime().onCreate(() => new Date()),
  }),
  indexes: [
    {
      name: 'verification_code_recent',
      expression:
        'create index "verification_code_recent" on "verification_code" ("purpose", "subject", "created_at" desc)',
    },
  ],
});
export type VerificationCodeEntity = InferEntity<typeof VerificationCodeEntity>;
