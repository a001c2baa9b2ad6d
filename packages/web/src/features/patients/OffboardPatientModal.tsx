import { useMutation } from '@apollo/client/react';
import { Alert, Button, Group, Modal, Select, Stack, Text, Textarea } from '@mantine/core';
import { OFFBOARD_REASONS, type OffboardReason } from '@porter/shared';
import { IconAlertCircle } from '@tabler/icons-react';
import { useState } from 'react';
import { describeError } from '../../ui/errors';
import { notifySuccess } from '../../ui/notify';
import { forgetPatientLists, OffboardPatientMutation, type PatientRow } from './patients-api';

const REASON_OPTIONS = OFFBOARD_REASONS.map((r) => ({ value: r.key, label: r.label }));

export interface OffboardPatientModalProps {
  /** The patient to stop monitoring; the dialog is closed when null. */
  patient: PatientRow | null;
  onClose: () => void;
}

/**
 * "Stop monitoring {name}?": a reason (and details for "Other reason"), then the red button. The
 * name is repeated in the body so the person acting can check they picked the right row.
 */
export function OffboardPatientModal({ patient, onClose }: OffboardPatientModalProps) {
  return (
    <Modal
      opened={patient !== null}
      onClose={onClose}
      title={patient ? `Stop monitoring ${patient.displayName}?` : ''}
      centered
      // The row it names leaves the list as soon as the API answers: nothing should still show the name.
      transitionProps={{ exitDuration: 0 }}
    >
      {patient && <OffboardForm key={patient.id} patient={patient} onClose={onClose} />}
    </Modal>
  );
}

function OffboardForm({ patient, onClose }: { patient: PatientRow; onClose: () => void }) {
  const [reason, setReason] = useState<OffboardReason | null>(null);
  const [note, setNote] = useState('');
  const [tried, setTried] = useState(false);
  const [failure, setFailure] = useState<unknown>(null);
  const [offboard, { loading }] = useMutation(OffboardPatientMutation);
  const contact = patient.email ?? patient.mobile;
  const needsNote = reason === 'OTHER';
  const noteMissing = needsNote && note.trim() === '';

  async function submit() {
    setTried(true);
    if (!reason || noteMissing) return;
    setFailure(null);
    try {
      await offboard({
        variables: { patientId: patient.id, reason, note: note.trim() || null },
        update: forgetPatientLists,
      });
      notifySuccess(
        'Monitoring stopped',
        'The patient is now listed under Offboarded. You can reactivate them there.',
      );
      onClose();
    } catch (error) {
      setFailure(error);
    }
  }

  return (
    <form
      onSubmit={(event) => {
        event.preventDefault();
        void submit();
      }}
      noValidate
    >
      <Stack gap="md">
        <Text size="sm">
          You are about to stop monitoring <strong>{patient.displayName}</strong>
          {contact && contact !== patient.displayName ? ` (${contact})` : ''}. Their data stays, and
          they can be reactivated later.
        </Text>
        <Select
          label="Reason"
          placeholder="Choose a reason"
          data={REASON_OPTIONS}
          value={reason}
          onChange={(value) => setReason(value)}
          allowDeselect={false}
          required
          error={tried && !reason ? 'Choose a reason.' : undefined}
          comboboxProps={{ withinPortal: true }}
        />
        <Textarea
          label="Details"
          description={needsNote ? 'Required for “Other reason”.' : 'Optional.'}
          value={note}
          onChange={(e) => setNote(e.currentTarget.value)}
          required={needsNote}
          error={tried && noteMissing ? 'Describe the reason.' : undefined}
          autosize
          minRows={2}
          maxLength={1000}
        />
        {failure !== null && (
          <Alert
            color="red"
            variant="light"
            title="Monitoring not stopped"
            icon={<IconAlertCircle size={20} />}
            role="alert"
          >
            {describeError(failure)}
          </Alert>
        )}
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose} disabled={loading}>
            Cancel
          </Button>
          <Button type="submit" color="red" loading={loading}>
            Stop monitoring
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
