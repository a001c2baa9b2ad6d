import { createParameterDecorator } from 'type-graphql';
import type { Context } from './context.js';
import { UnauthenticatedError } from './errors.js';

/**
 * The signed-in viewer, as a resolver parameter: `@CurrentViewer() viewer: Viewer`. Guarded
 * resolvers already refuse anonymous calls (the auth checker); this states it in the type, and
 * refuses again should a method ever be reached without one.
 */
export function CurrentViewer() {
  return createParameterDecorator<Context>(({ context }) => {
    if (!context.viewer) throw new UnauthenticatedError();
    return context.viewer;
  });
}
