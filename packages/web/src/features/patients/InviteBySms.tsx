import { useApolloClient, useMutation } from '@apollo/client/react';
import {
  Alert,
  Badge,
  Box,
  Button,
  Group,
  Paper,
  SegmentedControl,
  SimpleGrid,
  Stack,
  Text,
  TextInput,
} from '@mantine/core';
import { IconAlertCircle, IconArrowLeft, IconEye, IconMessage } from '@tabler/icons-react';
import type { Channel } from '@porter/shared';
import { useId, useState, type FormEvent } from 'react';
import type { ScopeState } from '../../app/scope-context';
import { graphql } from '../../gql';
import type { InviteOutcome, PatientSmsPreviewQueryQuery } from '../../gql/graphql';
import { describeError, errorCodeOf, errorFieldOf } from '../../ui/errors';
import { notifySuccess } from '../../ui/notify';
import { PATIENT_EXPIRY_OPTIONS } from './InvitePatientsModal';
import { forgetPatientLists } from './patients-api';

export const PatientSmsPreviewQuery = graphql(`
  query PatientSmsPreviewQuery($input: PatientSmsInput!) {
    previewPatientSms(input: $input) {
      to
      toDisplay
      text
      characters
      segments
    }
  }
`);

export const InvitePatientBySmsMutation = graphql(`
  mutation InvitePatientBySmsMutation($input: PatientSmsInput!) {
    invitePatientBySms(input: $input) {
      batchId
      invitedCount
      results {
        ...InviteResultFields
      }
    }
  }
`);

type SmsPreview = PatientSmsPreviewQueryQuery['previewPatientSms'];

interface Fields {
  firstName: string;
  lastName: string;
  mobile: string;
  expiry: string;
}
type FieldErrors = Partial<Record<'firstName' | 'lastName' | 'mobile', string>>;

const RESULT_VIEW: Record<InviteOutcome, { title: string; color: string }> = {
  INVITED: { title: 'Invited', color: 'green' },
  ALREADY_PENDING: { title: 'Already invited', color: 'yellow' },
  ALREADY_MEMBER: { title: 'Already a patient', color: 'gray' },
  INVALID: { title: 'Not sent', color: 'red' },
  NOT_ALLOWED: { title: 'Not sent', color: 'red' },
};

/**
 * A mobile channel's tab of Invite patients ("SMS"): names, mobile and expiry → the exact text and
 * number as the API will send them → send. Nothing goes out before "Send text message"; "Edit"
 * keeps what was typed.
 */
export function InviteBySms({
  scope,
  onClose,
  channel,
}: {
  scope: ScopeState;
  onClose: () => void;
  /** A channel whose address is a mobile number (CHANNEL_INFO). */
  channel: Channel;
}) {
  const { organisation, deployment } = scope;
  const client = useApolloClient();
  const [fields, setFields] = useState<Fields>({
    firstName: '',
    lastName: '',
    mobile: '',
    expiry: '168',
  });
  const [errors, setErrors] = useState<FieldErrors>({});
  const [failure, setFailure] = useState<unknown>(null);
  const [previewing, setPreviewing] = useState(false);
  const [preview, setPreview] = useState<SmsPreview | null>(null);
  const [outcome, setOutcome] = useState<{ outcome: InviteOutcome; message: string | null } | null>(
    null,
  );
  const [invite, { loading: sending }] = useMutation(InvitePatientBySmsMutation);
  const expiryLabelId = useId();

  const input = () => ({
    organisationId: organisation.id,
    deploymentId: deployment!.id,
    firstName: fields.firstName.trim(),
    lastName: fields.lastName.trim(),
    mobile: fields.mobile.trim(),
    expiryHours: Number(fields.expiry),
    channel,
  });
  const set = (key: keyof Fields) => (value: string) => {
    setFields((f) => ({ ...f, [key]: value }));
    if (key !== 'expiry') setErrors((e) => ({ ...e, [key]: undefined }));
  };

  /** Field errors the API names (INVALID_PHONE, names) go under their field; the rest above the buttons. */
  function showError(error: unknown) {
    const code = errorCodeOf(error);
    const field = errorFieldOf(error);
    if (code === 'INVALID_PHONE') setErrors({ mobile: describeError(error) });
    else if (code === 'BAD_USER_INPUT' && (field === 'firstName' || field === 'lastName'))
      setErrors({ [field]: 'Enter a name of at most 100 characters.' });
    else setFailure(error);
  }

  async function showPreview(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const problems: FieldErrors = {};
    if (!fields.firstName.trim()) problems.firstName = 'Enter the patient’s first name.';
    if (!fields.lastName.trim()) problems.lastName = 'Enter the patient’s last name.';
    if (!fields.mobile.trim()) problems.mobile = 'Enter a mobile number.';
    setErrors(problems);
    setFailure(null);
    if (Object.values(problems).some(Boolean) || !deployment) return;
    setPreviewing(true);
    try {
      const { data } = await client.query({
        query: PatientSmsPreviewQuery,
        variables: { input: input() },
        fetchPolicy: 'no-cache',
      });
      setPreview(data!.previewPatientSms);
    } catch (error) {
      showError(error);
    } finally {
      setPreviewing(false);
    }
  }

  async function send() {
    setFailure(null);
    try {
      const { data } = await invite({
        variables: { input: input() },
        update(cache, { data: result }) {
          if (result?.invitePatientBySms.invitedCount) forgetPatientLists(cache);
        },
      });
      const [result] = data!.invitePatientBySms.results;
      setOutcome({ outcome: result!.outcome, message: result!.message ?? null });
      if (result!.outcome === 'INVITED')
        notifySuccess('Text message sent', `Invitation on its way to ${preview!.toDisplay}.`);
    } catch (error) {
      setPreview(null);
      showError(error);
    }
  }

  if (outcome && preview) {
    const view = RESULT_VIEW[outcome.outcome];
    const name = `${fields.firstName.trim()} ${fields.lastName.trim()}`;
    return (
      <Stack gap="md">
        <Alert color={view.color} variant="light" title={view.title} role="status">
          {outcome.outcome === 'INVITED'
            ? `${name} gets a text message at ${preview.toDisplay} with a link to join ${deployment?.name ?? organisation.name}.`
            : (outcome.message ?? `Nothing was sent to ${preview.toDisplay}.`)}
        </Alert>
        <Group justify="flex-end">
          <Button onClick={onClose}>Done</Button>
        </Group>
      </Stack>
    );
  }

  if (preview) {
    return (
      <Stack gap="md">
        <Text size="sm" c="dimmed">
          Check the text message before sending it. The personal link is made when it is sent; it
          shows as “…” here.
        </Text>
        <Paper withBorder radius="md" p="md" component="section" aria-label="Text message preview">
          <Stack gap="sm">
            <Group justify="space-between" wrap="nowrap">
              <Text fw={600}>To {preview.toDisplay}</Text>
              <Badge variant="light" color="gray" tt="none">
                {preview.segments === 1 ? '1 SMS' : `${preview.segments} SMS parts`}
              </Badge>
            </Group>
            <Box
              bg="gray.0"
              p="sm"
              style={{
                borderRadius: 'var(--mantine-radius-md)',
                whiteSpace: 'pre-wrap',
                overflowWrap: 'anywhere',
              }}
              data-testid="sms-text"
            >
              <Text size="sm" style={{ whiteSpace: 'pre-wrap' }}>
                {preview.text}
              </Text>
            </Box>
            <Text size="xs" c="dimmed">
              {preview.characters} characters with the link,{' '}
              {preview.segments === 1 ? 'one text message' : `sent as ${preview.segments} parts`}.
            </Text>
          </Stack>
        </Paper>
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
        <Group justify="flex-end" gap="sm">
          <Button
            variant="default"
            leftSection={<IconArrowLeft size={16} aria-hidden />}
            onClick={() => setPreview(null)}
            disabled={sending}
          >
            Edit
          </Button>
          <Button
            leftSection={<IconMessage size={16} aria-hidden />}
            loading={sending}
            onClick={() => void send()}
          >
            Send text message
          </Button>
        </Group>
      </Stack>
    );
  }

  return (
    <form onSubmit={(e) => void showPreview(e)} noValidate>
      <Stack gap="md">
        <Text size="sm" c="dimmed">
          The patient gets a text message with a personal link to join{' '}
          {deployment?.name ?? organisation.name}. They confirm their name and need no password;
          later they sign in with a code sent to this number.
        </Text>
        <SimpleGrid cols={{ base: 1, sm: 2 }}>
          <TextInput
            label="First name"
            autoComplete="off"
            maxLength={100}
            value={fields.firstName}
            onChange={(e) => set('firstName')(e.currentTarget.value)}
            error={errors.firstName}
          />
          <TextInput
            label="Last name"
            autoComplete="off"
            maxLength={100}
            value={fields.lastName}
            onChange={(e) => set('lastName')(e.currentTarget.value)}
            error={errors.lastName}
          />
        </SimpleGrid>
        <TextInput
          label="Mobile number"
          type="tel"
          autoComplete="off"
          description="With the country code (+44 7911 123456), or a local number."
          maxLength={40}
          value={fields.mobile}
          onChange={(e) => set('mobile')(e.currentTarget.value)}
          error={errors.mobile}
        />
        <Stack gap={4}>
          <Text id={expiryLabelId} size="sm" fw={500}>
            Expires after
          </Text>
          <SegmentedControl
            aria-labelledby={expiryLabelId}
            data={PATIENT_EXPIRY_OPTIONS}
            value={fields.expiry}
            onChange={set('expiry')}
          />
        </Stack>
        {failure !== null && (
          <Alert
            color="red"
            variant="light"
            title="No preview"
            icon={<IconAlertCircle size={20} />}
            role="alert"
          >
            {describeError(failure)}
          </Alert>
        )}
        <Group justify="flex-end" gap="sm">
          <Button variant="default" onClick={onClose}>
            Cancel
          </Button>
          <Button
            type="submit"
            leftSection={<IconEye size={16} aria-hidden />}
            loading={previewing}
          >
            Preview text message
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
