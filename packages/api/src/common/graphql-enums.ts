import { registerEnumType } from 'type-graphql';
import { SCOPE_TYPES } from '@porter/shared';

/**
 * A TypeScript-enum-like object of string literals, as registerEnumType wants. Each module
 * registers its own enums in its `*.types.ts`; only the shared ones are registered here.
 */
export const asEnum = <T extends string>(values: readonly T[]) =>
  Object.fromEntries(values.map((v) => [v, v])) as { [K in T]: K };

export const ScopeTypeEnum = asEnum(SCOPE_TYPES);

registerEnumType(ScopeTypeEnum, {
  name: 'ScopeType',
  description: 'Where a role assignment applies.',
});
