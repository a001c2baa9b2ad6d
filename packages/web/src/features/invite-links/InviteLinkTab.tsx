import { useMutation } from '@apollo/client/react';
import { Alert, Button, Group, SegmentedControl, Stack, Text, TextInput } from '@mantine/core';
import { IconAlertCircle, IconLink, IconList } from '@tabler/icons-react';
import { useId, useState } from 'react';
import { Link } from 'react-router';
import type { ScopeState } from '../../app/scope-context';
import { describeError } from '../../ui/errors';
import { formatDateTime } from '../../ui/format';
import { notifySuccess } from '../../ui/notify';
import { PATIENT_EXPIRY_OPTIONS } from '../patients/InvitePatientsModal';
import {
  CreatePatientInviteLinkMutation,
  inviteLinksPath,
  maxUsesError,
  upToPeople,
  type InviteLinkRow,
} from './invite-links-api';
import { InviteLinkField, InviteLinkQr, MaxUsesInput } from './InviteLinkShare';

export interface InviteLinkTabProps {
  /** The deployment people join (the dialog only opens inside one). */
  scope: ScopeState;
  onClose: () => void;
}

/**
 * "Invite link" tab of Invite patients: pick an expiry, optionally a maximum number of uses and
 * a label, and create a link anyone can open to join; then copy it or download its QR code.
 */
export function InviteLinkTab({ scope, onClose }: InviteLinkTabProps) {
  const { organisation, deployment } = scope;
  const [expiry, setExpiry] = useState('168');
  const [maxUses, setMaxUses] = useState<number | ''>('');
  const [label, setLabel] = useState('');
  const [failure, setFailure] = useState<unknown>(null);
  const [created, setCreated] = useState<InviteLinkRow | null>(null);
  const expiryLabelId = useId();
  const [create, { loading }] = useMutation(CreatePatientInviteLinkMutation);

  const maxUsesProblem = maxUsesError(maxUses);

  async function submit() {
    if (!deployment || maxUsesProblem) return;
    setFailure(null);
    try {
      const { data } = await create({
        variables: {
          input: {
            organisationId: organisation.id,
            deploymentId: deployment.id,
            expiryHours: Number(expiry),
            maxUses: maxUses === '' ? null : maxUses,
            label: label.trim() || null,
          },
        },
        update(cache) {
          // The links page asks again next time it opens.
          cache.evict({ fieldName: 'patientInviteLinks' });
          cache.gc();
        },
      });
      setCreated(data!.createPatientInviteLink);
      notifySuccess('Invite link created', 'Copy it or share its QR code.');
    } catch (error) {
      setFailure(error);
    }
  }

  if (!deployment) return null;
  const linksPage = inviteLinksPath(organisation.id, deployment.id);

  if (created) {
    return (
      <Stack gap="md">
        <Text size="sm">
          Anyone with this link can join <strong>{deployment.name}</strong> as a patient until{' '}
          {formatDateTime(created.expiresAt)}
          {upToPeople(created.maxUses)}. They confirm their email with a code, then set a password.
        </Text>
        <InviteLinkField link={created} />
        <InviteLinkQr link={created} />
        <Group justify="space-between" mt="sm">
          <Button
            component={Link}
            to={linksPage}
            variant="subtle"
            leftSection={<IconList size={16} aria-hidden />}
            onClick={onClose}
          >
            All invite links
          </Button>
          <Group gap="sm">
            <Button variant="default" onClick={() => setCreated(null)}>
              Create another
            </Button>
            <Button onClick={onClose}>Done</Button>
          </Group>
        </Group>
      </Stack>
    );
  }

  return (
    <Stack gap="md">
      <Text size="sm" c="dimmed">
        One link for many people, e.g. on a poster or in a newsletter. Whoever opens it confirms
        their email with a 6-digit code and joins {deployment.name}.
      </Text>
      <Stack gap={4}>
        <Text id={expiryLabelId} size="sm" fw={500}>
          Link expires after
        </Text>
        <SegmentedControl
          aria-labelledby={expiryLabelId}
          data={PATIENT_EXPIRY_OPTIONS}
          value={expiry}
          onChange={setExpiry}
        />
      </Stack>
      <Group grow align="flex-start">
        <MaxUsesInput value={maxUses} onChange={setMaxUses} />
        <TextInput
          label="Label"
          description="Only staff see it, e.g. “Clinic poster”."
          maxLength={120}
          value={label}
          onChange={(e) => setLabel(e.currentTarget.value)}
        />
      </Group>
      {failure !== null && (
        <Alert
          color="red"
          variant="light"
          title="The link was not created"
          icon={<IconAlertCircle size={20} />}
          role="alert"
        >
          {describeError(failure)}
        </Alert>
      )}
      <Group justify="space-between" mt="sm">
        <Button
          component={Link}
          to={linksPage}
          variant="subtle"
          leftSection={<IconList size={16} aria-hidden />}
          onClick={onClose}
        >
          All invite links
        </Button>
        <Group gap="sm">
          <Button variant="default" onClick={onClose} disabled={loading}>
            Cancel
          </Button>
          <Button
            leftSection={<IconLink size={16} aria-hidden />}
            loading={loading}
            disabled={Boolean(maxUsesProblem)}
            onClick={() => void submit()}
          >
            Create link
          </Button>
        </Group>
      </Group>
    </Stack>
  );
}
