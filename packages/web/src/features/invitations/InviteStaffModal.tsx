import { useMutation, useQuery } from '@apollo/client/react';
import {
  Alert,
  Badge,
  Button,
  CopyButton,
  Group,
  List,
  Modal,
  ScrollArea,
  SegmentedControl,
  Select,
  Stack,
  Stepper,
  Table,
  Text,
  TextInput,
} from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { isValidEmail } from '@porter/shared';
import { IconAlertCircle, IconCheck, IconCopy, IconSend, IconUserPlus } from '@tabler/icons-react';
import { useId, useMemo, useState } from 'react';
import type { ScopeState } from '../../app/scope-context';
import { graphql } from '../../gql';
import type { InviteOutcome, InviteResultFieldsFragment } from '../../gql/graphql';
import { describeError } from '../../ui/errors';
import { GrantableRolesQuery } from '../staff/StaffRoleSelect';
import { InviteLinkQr } from '../invite-links/InviteLinkShare';
import { AddressesWithCsvImport } from './AddressesWithCsvImport';
import { forgetInvitationLists, useInvitationActions } from './invitation-actions';

/** What every invite dialog shows per address; staff and patient invitations share it. */
export const InviteResultFields = graphql(`
  fragment InviteResultFields on InviteResult {
    address
    outcome
    invitationId
    message
    link
  }
`);

export const InviteStaffMutation = graphql(`
  mutation InviteStaffMutation($input: InviteStaffInput!) {
    inviteStaff(input: $input) {
      batchId
      invitedCount
      results {
        ...InviteResultFields
        qrSvg
        qrPng
      }
    }
  }
`);

/** An outcome; staff invites also carry the QR code of a single invite's link. */
export type InviteResult = InviteResultFieldsFragment & {
  qrSvg?: string | null;
  qrPng?: string | null;
};

/** The "Invite to" value for the organisation itself. */
const ORGANISATION_LEVEL = '__organisation__';

export const EXPIRY_OPTIONS = [
  { value: '24', label: '24 hours' },
  { value: '72', label: '72 hours' },
  { value: '168', label: '7 days' },
];

export const OUTCOMES: Record<InviteOutcome, { label: string; color: string }> = {
  INVITED: { label: 'Invited', color: 'green' },
  ALREADY_PENDING: { label: 'Already pending', color: 'yellow' },
  ALREADY_MEMBER: { label: 'Already a member', color: 'gray' },
  INVALID: { label: 'Invalid', color: 'red' },
  NOT_ALLOWED: { label: 'Not allowed', color: 'red' },
};

/** "2 invited, 1 already pending": the outcomes that occurred, in a fixed order. */
export function summariseOutcomes(results: readonly { outcome: InviteOutcome }[]): string {
  const count = (outcome: InviteOutcome) => results.filter((r) => r.outcome === outcome).length;
  const parts: string[] = [];
  const invited = count('INVITED');
  const pending = count('ALREADY_PENDING');
  const members = count('ALREADY_MEMBER');
  const invalid = count('INVALID');
  const refused = count('NOT_ALLOWED');
  if (invited || results.length === 0) parts.push(`${invited} invited`);
  if (pending) parts.push(`${pending} already pending`);
  if (members) parts.push(members === 1 ? '1 already a member' : `${members} already members`);
  if (invalid) parts.push(`${invalid} invalid`);
  if (refused) parts.push(`${refused} not allowed`);
  return parts.join(', ');
}

export interface InviteStaffModalProps {
  opened: boolean;
  onClose: () => void;
  /** Where the dialog was opened: its organisation, and its deployment when inside one. */
  scope: ScopeState;
  /** Only offer these roles (ids), e.g. the administrator roles from the admin area. */
  roleKeys?: readonly string[];
  /** The dialog title; "Invite staff members" by default. */
  title?: string;
}

/**
 * "Invite staff members": addresses, role, place and expiry; then a confirmation; then one
 * outcome per address. The flow lives inside the modal, so it starts afresh each time it opens.
 */
export function InviteStaffModal({
  opened,
  onClose,
  scope,
  roleKeys,
  title,
}: InviteStaffModalProps) {
  return (
    <Modal
      opened={opened}
      onClose={onClose}
      title={title ?? 'Invite staff members'}
      size="xl"
      centered
    >
      <InviteStaffFlow scope={scope} onClose={onClose} roleKeys={roleKeys} />
    </Modal>
  );
}

type Step = 'compose' | 'confirm' | 'result';
const STEPS: Step[] = ['compose', 'confirm', 'result'];

function InviteStaffFlow({
  scope,
  onClose,
  roleKeys,
}: {
  scope: ScopeState;
  onClose: () => void;
  roleKeys?: readonly string[];
}) {
  const { organisation, deployment, deployments } = scope;
  const [step, setStep] = useState<Step>('compose');
  const [addresses, setAddresses] = useState<string[]>([]);
  const [place, setPlace] = useState<string>(deployment?.id ?? ORGANISATION_LEVEL);
  const [chosenRoleId, setRoleId] = useState<string | null>(null);
  const [expiry, setExpiry] = useState('72');
  const [failure, setFailure] = useState<unknown>(null);
  const [results, setResults] = useState<readonly InviteResult[] | null>(null);
  const [showAddresses, setShowAddresses] = useState(false);
  const expiryLabelId = useId();

  const deploymentId = place === ORGANISATION_LEVEL ? null : place;
  const { data: rolesData, loading: rolesLoading } = useQuery(GrantableRolesQuery, {
    variables: { organisationId: organisation.id, deploymentId },
  });
  const roles = (rolesData?.grantableRoles ?? []).filter(
    (r) => !roleKeys || (r.key !== null && r.key !== undefined && roleKeys.includes(r.key)),
  );
  // The role stays chosen while it can be given at the chosen place; a single option is chosen for you.
  const roleId = roles.some((r) => r.id === chosenRoleId)
    ? chosenRoleId
    : roles.length === 1
      ? roles[0]!.id
      : null;
  const roleName = roles.find((r) => r.id === roleId)?.name ?? '';

  const [inviteStaff, { loading: sending }] = useMutation(InviteStaffMutation);

  const valid = addresses.filter((a) => isValidEmail(a));
  const hasInvalid = valid.length < addresses.length;
  const placeName =
    deploymentId === null
      ? `All of ${organisation.name}`
      : (deployments.find((d) => d.id === deploymentId)?.name ?? deployment?.name ?? '');
  const expiryLabel = EXPIRY_OPTIONS.find((o) => o.value === expiry)!.label;
  const placeOptions = useMemo(
    () => [
      { value: ORGANISATION_LEVEL, label: `All of ${organisation.name}` },
      ...deployments
        .filter((d) => d.status !== 'ARCHIVED')
        .map((d) => ({ value: d.id, label: d.name })),
    ],
    [organisation.name, deployments],
  );

  async function send() {
    if (!roleId) return;
    setFailure(null);
    try {
      const { data } = await inviteStaff({
        variables: {
          input: {
            organisationId: organisation.id,
            deploymentId,
            emails: valid,
            roleId,
            expiryHours: Number(expiry),
          },
        },
        update(cache, { data: result }) {
          if (result?.inviteStaff.invitedCount) forgetInvitationLists(cache);
        },
      });
      const payload = data!.inviteStaff;
      setResults(payload.results);
      setStep('result');
      notifications.show({
        color: payload.invitedCount > 0 ? 'green' : 'yellow',
        title: payload.invitedCount > 0 ? 'Invitations sent' : 'No invitations sent',
        message: summariseOutcomes(payload.results),
      });
    } catch (error) {
      setFailure(error);
    }
  }

  return (
    <Stack gap="lg">
      {/* On the results every step is done. */}
      <Stepper
        active={step === 'result' ? STEPS.length : STEPS.indexOf(step)}
        size="xs"
        allowNextStepsSelect={false}
      >
        <Stepper.Step label="Addresses and role" allowStepSelect={false} />
        <Stepper.Step label="Confirm" allowStepSelect={false} />
        <Stepper.Step label="Results" allowStepSelect={false} />
      </Stepper>

      {step === 'compose' && (
        <Stack gap="md">
          <AddressesWithCsvImport value={addresses} onChange={setAddresses} />
          {!deployment && (
            <Select
              label="Invite to"
              data={placeOptions}
              value={place}
              onChange={(value) => setPlace(value ?? ORGANISATION_LEVEL)}
              allowDeselect={false}
              comboboxProps={{ withinPortal: true }}
            />
          )}
          <Select
            label="Role"
            placeholder={rolesLoading && !rolesData ? 'Loading roles…' : 'Choose a role'}
            data={roles.map((r) => ({ value: r.id, label: r.name }))}
            value={roleId}
            onChange={setRoleId}
            allowDeselect={false}
            nothingFoundMessage="No roles"
            error={
              rolesData && roles.length === 0
                ? `You cannot give any role in ${placeName}.`
                : undefined
            }
            comboboxProps={{ withinPortal: true }}
          />
          <Stack gap={4}>
            <Text id={expiryLabelId} size="sm" fw={500}>
              Expires after
            </Text>
            <SegmentedControl
              aria-labelledby={expiryLabelId}
              data={EXPIRY_OPTIONS}
              value={expiry}
              onChange={setExpiry}
            />
          </Stack>
          <Group justify="flex-end" mt="sm">
            <Button variant="default" onClick={onClose}>
              Cancel
            </Button>
            <Button
              disabled={valid.length === 0 || hasInvalid || !roleId}
              onClick={() => setStep('confirm')}
            >
              Review
            </Button>
          </Group>
          {hasInvalid && (
            <Text size="xs" c="dimmed" ta="right">
              Remove the addresses that are not valid to continue.
            </Text>
          )}
        </Stack>
      )}

      {step === 'confirm' && (
        <Stack gap="md">
          <Text fw={600} size="lg">
            {valid.length === 1
              ? 'Send 1 staff member invite?'
              : `Send ${valid.length} staff member invites?`}
          </Text>
          <List size="sm" spacing={4}>
            <List.Item>
              Role: <strong>{roleName}</strong>
            </List.Item>
            <List.Item>
              Where: <strong>{placeName}</strong>
            </List.Item>
            <List.Item>
              Expires after: <strong>{expiryLabel}</strong>
            </List.Item>
          </List>
          <div>
            <Button
              variant="subtle"
              size="compact-sm"
              onClick={() => setShowAddresses((v) => !v)}
              aria-expanded={showAddresses}
              disabled={sending}
            >
              {showAddresses
                ? 'Hide the addresses'
                : valid.length === 1
                  ? 'Show the address'
                  : `Show the ${valid.length} addresses`}
            </Button>
            {/* Hidden while sending: the results list the same addresses next. */}
            {showAddresses && !sending && (
              <ScrollArea.Autosize mah={160} type="auto" mt={6}>
                <Text size="sm" c="dimmed" style={{ wordBreak: 'break-word' }}>
                  {valid.join(', ')}
                </Text>
              </ScrollArea.Autosize>
            )}
          </div>
          {failure !== null && (
            <Alert
              color="red"
              variant="light"
              title="Nothing was sent"
              icon={<IconAlertCircle size={20} />}
              role="alert"
            >
              {describeError(failure)}
            </Alert>
          )}
          <Group justify="flex-end">
            <Button variant="default" onClick={() => setStep('compose')} disabled={sending}>
              Back
            </Button>
            <Button
              leftSection={<IconSend size={16} aria-hidden />}
              loading={sending}
              onClick={() => void send()}
            >
              Send invites
            </Button>
          </Group>
        </Stack>
      )}

      {step === 'result' && results && <InviteResults results={results} onDone={onClose} />}
    </Stack>
  );
}

/** Badges shrink to "Already pendi…" in a narrow column; outcome labels must be read whole. */
const WHOLE_LABEL = {
  root: { maxWidth: 'none' },
  label: { overflow: 'visible', textOverflow: 'clip' },
};

export interface InviteResultsProps {
  results: readonly InviteResult[];
  onDone: () => void;
  /** After an invitation was sent again from the results, e.g. to refresh another list. */
  onResent?: () => void;
}

/** One outcome per address, "Resend" for the ones already pending, the link for a single invite, and "Done". */
export function InviteResults({ results, onDone, onResent }: InviteResultsProps) {
  const { resend } = useInvitationActions();
  const [resent, setResent] = useState<ReadonlySet<string>>(new Set());
  const [resending, setResending] = useState<string | null>(null);
  const single = results.length === 1 && results[0]!.outcome === 'INVITED' ? results[0]! : null;
  const link = single?.link ?? null;

  async function resendOne(result: InviteResult) {
    if (!result.invitationId) return;
    setResending(result.invitationId);
    const done = await resend(
      [result.invitationId],
      new Map([[result.invitationId, result.address]]),
    );
    setResending(null);
    if (done.length > 0) {
      setResent((current) => new Set([...current, ...done]));
      onResent?.();
    }
  }

  return (
    <Stack gap="md">
      <Text size="sm">{summariseOutcomes(results)}.</Text>
      <ScrollArea.Autosize mah={360} type="auto">
        <Table aria-label="Invitation results" verticalSpacing="xs">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>Address</Table.Th>
              <Table.Th>Outcome</Table.Th>
              <Table.Th>Details</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {results.map((result) => {
              const outcome = OUTCOMES[result.outcome];
              const id = result.invitationId;
              return (
                <Table.Tr key={result.address}>
                  <Table.Td>
                    <Text size="sm" style={{ overflowWrap: 'anywhere' }}>
                      {result.address}
                    </Text>
                  </Table.Td>
                  <Table.Td>
                    <Badge color={outcome.color} tt="none" fw={600} styles={WHOLE_LABEL}>
                      {outcome.label}
                    </Badge>
                  </Table.Td>
                  <Table.Td>
                    <Group gap="xs" wrap="nowrap" justify="space-between">
                      <Text size="sm" c="dimmed">
                        {result.message}
                      </Text>
                      {result.outcome === 'ALREADY_PENDING' &&
                        id &&
                        (resent.has(id) ? (
                          <Badge
                            color="green"
                            tt="none"
                            leftSection={<IconCheck size={12} aria-hidden />}
                          >
                            Sent again
                          </Badge>
                        ) : (
                          <Button
                            size="compact-sm"
                            variant="light"
                            loading={resending === id}
                            onClick={() => void resendOne(result)}
                          >
                            Resend
                          </Button>
                        ))}
                    </Group>
                  </Table.Td>
                </Table.Tr>
              );
            })}
          </Table.Tbody>
        </Table>
      </ScrollArea.Autosize>
      {link && (
        <Stack gap={6}>
          <Group gap="xs" align="flex-end" wrap="nowrap">
            <TextInput
              label="Invitation link"
              value={link}
              readOnly
              style={{ flex: 1 }}
              onFocus={(e) => e.currentTarget.select()}
            />
            <CopyButton value={link}>
              {({ copied, copy }) => (
                <Button
                  variant={copied ? 'light' : 'default'}
                  color={copied ? 'green' : undefined}
                  leftSection={
                    copied ? (
                      <IconCheck size={16} aria-hidden />
                    ) : (
                      <IconCopy size={16} aria-hidden />
                    )
                  }
                  onClick={copy}
                >
                  {copied ? 'Copied' : 'Copy link'}
                </Button>
              )}
            </CopyButton>
          </Group>
          <Text size="xs" c="dimmed">
            For someone next to you: they can open this link or scan the QR code to join. The email
            was sent as well.
          </Text>
          {single?.qrSvg && single.qrPng && (
            <InviteLinkQr
              link={{ qrSvg: single.qrSvg, qrPng: single.qrPng, label: 'invitation' }}
              alt={`QR code of the invitation for ${single.address}`}
              size={180}
            />
          )}
        </Stack>
      )}
      <Group justify="flex-end">
        <Button onClick={onDone}>Done</Button>
      </Group>
    </Stack>
  );
}

/** The page-header button that opens this dialog (Staff and Invitations pages). */
export function InviteStaffButton({ onClick }: { onClick: () => void }) {
  return (
    <Button leftSection={<IconUserPlus size={18} aria-hidden />} onClick={onClick}>
      Invite staff
    </Button>
  );
}
