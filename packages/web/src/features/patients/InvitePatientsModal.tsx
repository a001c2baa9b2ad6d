import { useMutation } from '@apollo/client/react';
import { Alert, Button, Group, Modal, SegmentedControl, Stack, Tabs, Text } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { CHANNEL_INFO, CHANNELS, isValidEmail } from '@porter/shared';
import {
  IconAlertCircle,
  IconFileSpreadsheet,
  IconLink,
  IconMail,
  IconMessage,
  IconSend,
} from '@tabler/icons-react';
import { useId, useState } from 'react';
import type { ScopeState } from '../../app/scope-context';
import { describeError } from '../../ui/errors';
import { AddressesWithCsvImport } from '../invitations/AddressesWithCsvImport';
import {
  InviteResults,
  summariseOutcomes,
  type InviteResult,
} from '../invitations/InviteStaffModal';
import { forgetPatientLists, InvitePatientsMutation } from './patients-api';
import { InviteLinkTab } from '../invite-links/InviteLinkTab';
import { InviteBySms } from './InviteBySms';
import { ImportCsvTab } from '../patient-import/ImportCsvTab';

/** Patient invitation expiry choices (PATIENT_EXPIRY_HOURS), 7 days by default. */
export const PATIENT_EXPIRY_OPTIONS = [
  { value: '24', label: '24 hours' },
  { value: '48', label: '48 hours' },
  { value: '168', label: '7 days' },
  { value: '8760', label: '1 year' },
];
const DEFAULT_EXPIRY = '168';
/** One tab per channel that invites by mobile number (SMS today), after Email and Invite link. */
const MOBILE_CHANNELS = CHANNELS.filter((c) => CHANNEL_INFO[c].address === 'mobile');

export interface InvitePatientsModalProps {
  opened: boolean;
  onClose: () => void;
  /** The deployment the patients are invited to (the dialog only opens inside one). */
  scope: ScopeState;
}

/**
 * "Invite patients": one tab per way in. Each tab is its own component and keeps its own state;
 * switching tabs keeps what was typed in the others.
 */
export function InvitePatientsModal({ opened, onClose, scope }: InvitePatientsModalProps) {
  return (
    <Modal opened={opened} onClose={onClose} title="Invite patients" size="xl" centered>
      <Tabs defaultValue="email" keepMounted>
        <Tabs.List mb="md">
          <Tabs.Tab value="email" leftSection={<IconMail size={16} aria-hidden />}>
            Email
          </Tabs.Tab>
          <Tabs.Tab value="link" leftSection={<IconLink size={16} aria-hidden />}>
            Invite link
          </Tabs.Tab>
          {MOBILE_CHANNELS.map((channel) => (
            <Tabs.Tab
              key={channel}
              value={channel}
              leftSection={<IconMessage size={16} aria-hidden />}
            >
              {CHANNEL_INFO[channel].label}
            </Tabs.Tab>
          ))}
          <Tabs.Tab value="csv" leftSection={<IconFileSpreadsheet size={16} aria-hidden />}>
            CSV file
          </Tabs.Tab>
        </Tabs.List>
        <Tabs.Panel value="email">
          <InviteByEmail scope={scope} onClose={onClose} />
        </Tabs.Panel>
        <Tabs.Panel value="link">
          <InviteLinkTab scope={scope} onClose={onClose} />
        </Tabs.Panel>
        {MOBILE_CHANNELS.map((channel) => (
          <Tabs.Panel key={channel} value={channel}>
            <InviteBySms scope={scope} onClose={onClose} channel={channel} />
          </Tabs.Panel>
        ))}
        <Tabs.Panel value="csv">
          <ImportCsvTab scope={scope} onClose={onClose} />
        </Tabs.Panel>
      </Tabs>
    </Modal>
  );
}

/** Email addresses (typed, pasted or imported) and an expiry; then one outcome per address. */
function InviteByEmail({ scope, onClose }: { scope: ScopeState; onClose: () => void }) {
  const { organisation, deployment } = scope;
  const [addresses, setAddresses] = useState<string[]>([]);
  const [expiry, setExpiry] = useState(DEFAULT_EXPIRY);
  const [failure, setFailure] = useState<unknown>(null);
  const [results, setResults] = useState<readonly InviteResult[] | null>(null);
  const expiryLabelId = useId();
  const [invite, { loading: sending, client }] = useMutation(InvitePatientsMutation);

  const valid = addresses.filter((a) => isValidEmail(a));
  const hasInvalid = valid.length < addresses.length;

  async function send() {
    if (!deployment || valid.length === 0) return;
    setFailure(null);
    try {
      const { data } = await invite({
        variables: {
          input: {
            organisationId: organisation.id,
            deploymentId: deployment.id,
            emails: valid,
            expiryHours: Number(expiry),
          },
        },
        update(cache, { data: result }) {
          if (result?.invitePatientsByEmail.invitedCount) forgetPatientLists(cache);
        },
      });
      const payload = data!.invitePatientsByEmail;
      setResults(payload.results);
      notifications.show({
        color: payload.invitedCount > 0 ? 'green' : 'yellow',
        title: payload.invitedCount > 0 ? 'Invitations sent' : 'No invitations sent',
        message: summariseOutcomes(payload.results),
      });
    } catch (error) {
      setFailure(error);
    }
  }

  if (results)
    return (
      <InviteResults
        results={results}
        onDone={onClose}
        onResent={() => forgetPatientLists(client.cache)}
      />
    );

  const sendLabel = valid.length === 1 ? 'Send 1 invite' : `Send ${valid.length} invites`;
  return (
    <Stack gap="md">
      <Text size="sm" c="dimmed">
        Each patient gets an email with a link to join {deployment?.name ?? organisation.name}.
      </Text>
      <AddressesWithCsvImport value={addresses} onChange={setAddresses} />
      <Stack gap={4}>
        <Text id={expiryLabelId} size="sm" fw={500}>
          Expires after
        </Text>
        <SegmentedControl
          aria-labelledby={expiryLabelId}
          data={PATIENT_EXPIRY_OPTIONS}
          value={expiry}
          onChange={setExpiry}
        />
      </Stack>
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
      <Group justify="flex-end" mt="sm" gap="sm">
        {valid.length > 0 && (
          <Text size="sm" c="dimmed" aria-live="polite">
            {sendLabel.replace('Send ', '')} to send
          </Text>
        )}
        <Button variant="default" onClick={onClose} disabled={sending}>
          Cancel
        </Button>
        <Button
          leftSection={<IconSend size={16} aria-hidden />}
          loading={sending}
          disabled={valid.length === 0 || hasInvalid}
          onClick={() => void send()}
        >
          Send invites
        </Button>
      </Group>
      {hasInvalid && (
        <Text size="xs" c="dimmed" ta="right">
          Remove the addresses that are not valid to continue.
        </Text>
      )}
    </Stack>
  );
}
