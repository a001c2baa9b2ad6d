import type { ReactNode } from 'react';
import { NotFound } from '../ui/NotFound';
import { navigationFor, type NavKey } from './access';
import { useScopeState } from './scope-context';
import { useViewer } from './viewer';

/**
 * Renders a section only when the navbar would offer it at the current scope, so a typed-in URL
 * follows the same rule as the links; otherwise the page is "not found". The API checks again.
 */
export function Gate({ section, children }: { section: NavKey; children: ReactNode }) {
  const viewer = useViewer();
  const current = useScopeState();
  const allowed = navigationFor(viewer, current?.scope ?? null).some(
    (item) => item.key === section,
  );
  return allowed ? <>{children}</> : <NotFound />;
}
