import { defineEntity, type InferEntity } from '@mikro-orm/core';

/**
 * A Twilio status callback for a message whose SID no delivery row holds yet: Twilio can report
 * on a message before the worker that sent it has recorded the SID. The worker applies these
 * once it has (applyEarlySmsStatuses); rows nobody claims are dropped after a day.
 */
export const EarlySmsStatusEntity = defineEntity({
  name: 'EarlySmsStatus',
  tableName: 'early_sms_status',
  properties: (p) => ({
    providerId: p.string().length(64).primary(),
    status: p.string().length(40),
    errorCode: p.string().length(20).nullable(),
    receivedAt: p.datetime(),
  }),
});
export type EarlySmsStatusEntity = InferEntity<typeof EarlySmsStatusEntity>;
