import { useMutation } from '@apollo/client/react';
import {
  Alert,
  Badge,
  Button,
  Divider,
  Group,
  Modal,
  Stack,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { modals } from '@mantine/modals';
import { IconAlertCircle, IconUserPlus } from '@tabler/icons-react';
import { useState, type FormEvent } from 'react';
import type { HelperStatus, PatientHelperFieldsFragment } from '../../gql/graphql';
import { describeError } from '../../ui/errors';
import { formatDate, formatDateTime } from '../../ui/format';
import { notifyError, notifySuccess } from '../../ui/notify';
import { InvitePatientHelperMutation, RemovePatientHelperMutation } from './pending-api';
import { forgetPatientLists, type PatientRow } from './patients-api';

const STATUS: Record<HelperStatus, { label: string; color: string }> = {
  INVITED: { label: 'Invited', color: 'blue' },
  ACTIVE: { label: 'Active', color: 'green' },
  REMOVED: { label: 'Removed', color: 'gray' },
};

export interface PatientHelpersModalProps {
  /** The patient whose helpers to show; the dialog is closed when null. */
  patient: PatientRow | null;
  onClose: () => void;
}

/**
 * "Helpers of {patient}": the relatives or carers invited for a patient, with their status, and
 * (with `proxy:invite`) a form to invite one by email and a Remove button per live helper.
 */
export function PatientHelpersModal({ patient, onClose }: PatientHelpersModalProps) {
  return (
    <Modal
      opened={patient !== null}
      onClose={onClose}
      title={patient ? `Helpers of ${patient.displayName}` : ''}
      size="lg"
      centered
    >
      {patient && <HelpersPanel key={patient.id} patient={patient} />}
    </Modal>
  );
}

const helperName = (h: PatientHelperFieldsFragment) => h.fullName ?? h.email ?? 'Helper';

function HelpersPanel({ patient }: { patient: PatientRow }) {
  // The list refetches behind the dialog; the dialog keeps its own copy so it updates at once.
  const [helpers, setHelpers] = useState<PatientHelperFieldsFragment[]>(patient.helpers);
  const manage = patient.viewerCan.manageHelpers;
  const [removeHelper] = useMutation(RemovePatientHelperMutation);

  function confirmRemove(helper: PatientHelperFieldsFragment) {
    modals.openConfirmModal({
      title: `Remove ${helperName(helper)} as a helper?`,
      centered: true,
      children: (
        <Text size="sm">
          They no longer act for {patient.displayName}. A pending invitation stops working at once.
        </Text>
      ),
      labels: { confirm: 'Remove', cancel: 'Cancel' },
      confirmProps: { color: 'red' },
      onConfirm: () => {
        void removeHelper({ variables: { helperId: helper.id }, update: forgetPatientLists }).then(
          ({ data }) => {
            const removed = data?.removePatientHelper;
            if (removed) setHelpers((list) => list.map((h) => (h.id === removed.id ? removed : h)));
            notifySuccess(
              'Helper removed',
              `${helperName(helper)} no longer helps ${patient.displayName}.`,
            );
          },
          (failure: unknown) => notifyError('Helper not removed', failure),
        );
      },
    });
  }

  return (
    <Stack gap="md">
      {helpers.length === 0 ? (
        <Text size="sm" c="dimmed">
          No helpers yet.
        </Text>
      ) : (
        <Stack
          gap="xs"
          component="ul"
          p={0}
          m={0}
          style={{ listStyle: 'none' }}
          aria-label="Helpers"
        >
          {helpers.map((h) => (
            <Group key={h.id} component="li" justify="space-between" wrap="nowrap" gap="sm">
              <Stack gap={0}>
                <Text size="sm" fw={500} style={{ overflowWrap: 'anywhere' }}>
                  {helperName(h)}
                  {h.relationship ? ` · ${h.relationship}` : ''}
                </Text>
                {h.fullName && h.email && (
                  <Text size="xs" c="dimmed" style={{ overflowWrap: 'anywhere' }}>
                    {h.email}
                  </Text>
                )}
                <Text
                  size="xs"
                  c="dimmed"
                  title={formatDateTime(h.joinedAt ?? h.removedAt ?? h.invitedAt)}
                >
                  {h.status === 'REMOVED' && h.removedAt
                    ? `Removed ${formatDate(h.removedAt)}`
                    : h.joinedAt
                      ? `Joined ${formatDate(h.joinedAt)}`
                      : `Invited ${formatDate(h.invitedAt)}`}
                </Text>
              </Stack>
              <Group gap="xs" wrap="nowrap">
                <Badge
                  size="sm"
                  tt="none"
                  color={STATUS[h.status].color}
                  variant={h.status === 'REMOVED' ? 'outline' : 'light'}
                >
                  {STATUS[h.status].label}
                </Badge>
                {manage && h.status !== 'REMOVED' && (
                  <Button
                    size="xs"
                    variant="subtle"
                    color="red"
                    aria-label={`Remove ${helperName(h)}`}
                    onClick={() => confirmRemove(h)}
                  >
                    Remove
                  </Button>
                )}
              </Group>
            </Group>
          ))}
        </Stack>
      )}
      {manage && (
        <>
          <Divider />
          <InviteHelperForm
            patient={patient}
            onInvited={(helper) => setHelpers((list) => [...list, helper])}
          />
        </>
      )}
    </Stack>
  );
}

function InviteHelperForm({
  patient,
  onInvited,
}: {
  patient: PatientRow;
  onInvited: (helper: PatientHelperFieldsFragment) => void;
}) {
  const [email, setEmail] = useState('');
  const [fullName, setFullName] = useState('');
  const [relationship, setRelationship] = useState('');
  const [failure, setFailure] = useState<unknown>(null);
  const [invite, { loading }] = useMutation(InvitePatientHelperMutation);

  async function submit(event: FormEvent) {
    event.preventDefault();
    if (!email.trim()) return;
    setFailure(null);
    try {
      const { data } = await invite({
        variables: {
          input: {
            patientId: patient.id,
            email: email.trim(),
            fullName: fullName.trim() || null,
            relationship: relationship.trim() || null,
          },
        },
        update: forgetPatientLists,
      });
      if (data) onInvited(data.invitePatientHelper);
      notifySuccess(
        'Helper invited',
        `An invitation to help ${patient.displayName} is on its way.`,
      );
      setEmail('');
      setFullName('');
      setRelationship('');
    } catch (error) {
      setFailure(error);
    }
  }

  return (
    <form onSubmit={(e) => void submit(e)} aria-label="Invite a helper">
      <Stack gap="sm">
        <Title order={3} size="h5">
          Invite a helper
        </Title>
        <TextInput
          label="Email"
          type="email"
          required
          value={email}
          onChange={(e) => setEmail(e.currentTarget.value)}
          autoComplete="off"
        />
        <Group grow align="flex-start">
          <TextInput
            label="Name"
            value={fullName}
            onChange={(e) => setFullName(e.currentTarget.value)}
            maxLength={200}
          />
          <TextInput
            label="Relationship"
            placeholder="e.g. Daughter, Carer"
            value={relationship}
            onChange={(e) => setRelationship(e.currentTarget.value)}
            maxLength={60}
          />
        </Group>
        {failure !== null && (
          <Alert color="red" icon={<IconAlertCircle size={18} aria-hidden />} role="alert">
            {describeError(failure)}
          </Alert>
        )}
        <Group justify="flex-end">
          <Button
            type="submit"
            loading={loading}
            leftSection={<IconUserPlus size={16} aria-hidden />}
          >
            Send invitation
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
