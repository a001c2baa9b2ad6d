import type { ScopeState } from '../../app/scope-context';
import { InviteStaffModal } from '../invitations/InviteStaffModal';

/** The roles the admin area invites: an organisation's administrators, or a deployment's Admin (PRODUCT.md §3.1). */
export const ORGANISATION_ADMINISTRATOR_KEYS = [
  'ORGANISATION_OWNER',
  'ORGANISATION_EDITOR',
  'ACCESS_CONTROLLER',
] as const;
export const DEPLOYMENT_ADMINISTRATOR_KEYS = ['ADMIN'] as const;

export interface AdminInviteTarget {
  organisation: { id: string; name: string };
  deployment?: { id: string; name: string; status: string } | null;
}

/** "Invite administrator" from an organisation row, or "Invite Admin" from a deployment row: the staff invite dialog, preset. */
export function AdminInviteModal({
  target,
  onClose,
}: {
  target: AdminInviteTarget | null;
  onClose: () => void;
}) {
  if (!target) return null;
  const scope: ScopeState = {
    scope: { organisationId: target.organisation.id, deploymentId: target.deployment?.id ?? null },
    organisation: target.organisation,
    deployment: target.deployment ?? null,
    deployments: [],
  };
  return (
    <InviteStaffModal
      opened
      onClose={onClose}
      scope={scope}
      roleKeys={target.deployment ? DEPLOYMENT_ADMINISTRATOR_KEYS : ORGANISATION_ADMINISTRATOR_KEYS}
      title={
        target.deployment
          ? `Invite an Admin to ${target.deployment.name}`
          : `Invite an administrator to ${target.organisation.name}`
      }
    />
  );
}
