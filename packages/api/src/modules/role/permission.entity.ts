import { defineEntity, type InferEntity } from '@mikro-orm/core';

/** The permission catalogue of packages/shared, as rows (seeded by migration). */
export const PermissionEntity = defineEntity({
  name: 'Permission',
  tableName: 'permission',
  properties: (p) => ({
    key: p.string().length(64).primary(),
    label: p.string().length(100),
    description: p.text(),
    group: p.string().length(40),
    platformOnly: p.boolean().default(false),
  }),
});
export type PermissionEntity = InferEntity<typeof PermissionEntity>;
