import { useApolloClient, useQuery } from '@apollo/client/react';
import {
  Alert,
  Anchor,
  Badge,
  Button,
  Group,
  Input,
  Progress,
  SegmentedControl,
  Stack,
  Table,
  Text,
  Title,
} from '@mantine/core';
import { IconAlertCircle, IconDownload, IconFileImport, IconUpload } from '@tabler/icons-react';
import { useEffect, useId, useRef, useState } from 'react';
import type { ScopeState } from '../../app/scope-context';
import type { ImportRowOutcome, PatientImportStatus } from '../../gql/graphql';
import { describeCode } from '../../ui/errors';
import { formatCount, formatDateTime } from '../../ui/format';
import { notifySuccess } from '../../ui/notify';
import { forgetPatientLists } from '../patients/patients-api';
import { PATIENT_EXPIRY_OPTIONS } from '../patients/InvitePatientsModal';
import {
  OUTCOME_LABELS,
  PatientImportProgressQuery,
  PatientImportRefusedRowsQuery,
  RecentPatientImportsQuery,
  uploadPatientCsv,
  UploadError,
} from './patient-import-api';

const POLL_MS = 1000;
const ROWS_PAGE = 50;
const finished = (status: PatientImportStatus | undefined) =>
  status === 'DONE' || status === 'FAILED';

const STATUS_LABEL: Record<PatientImportStatus, { label: string; color: string }> = {
  RECEIVING: { label: 'Uploading', color: 'gray' },
  QUEUED: { label: 'Waiting', color: 'gray' },
  RUNNING: { label: 'Running', color: 'blue' },
  DONE: { label: 'Done', color: 'green' },
  FAILED: { label: 'Failed', color: 'red' },
};

export interface ImportCsvTabProps {
  /** The deployment the patients are invited to (the dialog only opens inside one). */
  scope: ScopeState;
  onClose: () => void;
}

/**
 * "CSV file" tab of Invite patients: pick a file and an expiry, start a background import, watch
 * it progress, then read the per-row report (refused rows, downloadable as CSV). Recent imports
 * stay listed so a report can be found again after the dialog was closed.
 */
export function ImportCsvTab({ scope, onClose }: ImportCsvTabProps) {
  const [importId, setImportId] = useState<string | null>(null);
  if (importId)
    return (
      <ImportProgress
        importId={importId}
        scope={scope}
        onAnother={() => setImportId(null)}
        onClose={onClose}
      />
    );
  return <ImportForm scope={scope} onStarted={setImportId} onClose={onClose} />;
}

function ImportForm({
  scope,
  onStarted,
  onClose,
}: {
  scope: ScopeState;
  onStarted: (id: string) => void;
  onClose: () => void;
}) {
  const { organisation, deployment } = scope;
  const [file, setFile] = useState<File | null>(null);
  const [expiry, setExpiry] = useState('168');
  const [failure, setFailure] = useState<string | null>(null);
  const [sending, setSending] = useState(false);
  const inputId = useId();
  const expiryLabelId = useId();
  const client = useApolloClient();

  async function start() {
    if (!file || !deployment) return;
    setFailure(null);
    setSending(true);
    try {
      const id = await uploadPatientCsv(file, {
        organisationId: organisation.id,
        deploymentId: deployment.id,
        expiryHours: Number(expiry),
      });
      client.cache.evict({ id: 'ROOT_QUERY', fieldName: 'patientImports' });
      client.cache.gc();
      onStarted(id);
    } catch (error) {
      if (error instanceof UploadError && error.code === 'NETWORK')
        setFailure('The file could not be sent. Check your connection and try again.');
      else if (error instanceof UploadError)
        setFailure(describeCode(error.code, error.serverMessage));
      else setFailure(describeCode(undefined));
    } finally {
      setSending(false);
    }
  }

  return (
    <Stack gap="md">
      <Input.Wrapper
        label="CSV file"
        labelProps={{ htmlFor: inputId }}
        description="One patient per row: email, first name, last name. A first row naming the columns (Email, First name, Last name) is recognised; other columns are ignored. Up to 20 MB."
      >
        <input
          id={inputId}
          type="file"
          accept=".csv,text/csv"
          style={{ display: 'block', marginTop: 8 }}
          onChange={(event) => {
            setFile(event.currentTarget.files?.[0] ?? null);
            setFailure(null);
          }}
        />
      </Input.Wrapper>
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
      {failure && (
        <Alert
          color="red"
          variant="light"
          title="The import did not start"
          icon={<IconAlertCircle size={20} />}
          role="alert"
        >
          {failure}
        </Alert>
      )}
      <Group justify="flex-end" gap="sm">
        <Button variant="default" onClick={onClose} disabled={sending}>
          Cancel
        </Button>
        <Button
          leftSection={<IconUpload size={16} aria-hidden />}
          loading={sending}
          disabled={!file || !deployment}
          onClick={() => void start()}
        >
          Start import
        </Button>
      </Group>
      {deployment && (
        <RecentImports
          organisationId={organisation.id}
          deploymentId={deployment.id}
          onOpen={onStarted}
        />
      )}
    </Stack>
  );
}

function ImportProgress({
  importId,
  scope,
  onAnother,
  onClose,
}: {
  importId: string;
  scope: ScopeState;
  onAnother: () => void;
  onClose: () => void;
}) {
  const client = useApolloClient();
  const { data, error, startPolling, stopPolling } = useQuery(PatientImportProgressQuery, {
    variables: { id: importId },
    fetchPolicy: 'network-only',
    notifyOnNetworkStatusChange: false,
  });
  const item = data?.patientImport;
  const done = finished(item?.status);
  const announced = useRef(false);

  useEffect(() => {
    if (done) stopPolling();
    else startPolling(POLL_MS);
    return () => stopPolling();
  }, [done, startPolling, stopPolling]);

  useEffect(() => {
    if (item?.status !== 'DONE' || announced.current) return;
    announced.current = true;
    forgetPatientLists(client.cache);
    client.cache.evict({ id: 'ROOT_QUERY', fieldName: 'patientImports' });
    client.cache.gc();
    notifySuccess(
      'Import finished',
      `${formatCount(item.invitedCount)} invited, ${formatCount(item.refusedCount)} not invited.`,
    );
  }, [item?.status, item?.invitedCount, item?.refusedCount, client]);

  if (error && !item) {
    return (
      <Alert
        color="red"
        variant="light"
        title="The import could not be loaded"
        icon={<IconAlertCircle size={20} />}
        role="alert"
      >
        {describeCode(undefined)}
      </Alert>
    );
  }
  if (!item) return <Text size="sm">Loading the import…</Text>;

  const total = item.totalRows;
  const processedLabel =
    total !== null && total !== undefined
      ? `${formatCount(item.processedRows)} of ${formatCount(total)} rows`
      : `${formatCount(item.processedRows)} rows processed`;
  return (
    <Stack gap="md">
      <Group justify="space-between" align="flex-start">
        <Stack gap={0}>
          <Text fw={600}>{item.fileName ?? 'CSV import'}</Text>
          <Text size="sm" c="dimmed">
            Started {formatDateTime(item.createdAt)}
            {scope.deployment ? ` · ${scope.deployment.name}` : ''}
          </Text>
        </Stack>
        <Badge color={STATUS_LABEL[item.status].color} variant="light">
          {STATUS_LABEL[item.status].label}
        </Badge>
      </Group>
      <Stack gap={4}>
        <Progress
          aria-label="Import progress"
          value={100}
          striped={!done}
          animated={!done}
          color={item.status === 'FAILED' ? 'red' : done ? 'green' : 'blue'}
          size="lg"
        />
        <Group justify="space-between">
          <Text size="sm" aria-live="polite">
            {item.status === 'QUEUED' || item.status === 'RECEIVING'
              ? 'Waiting for a worker…'
              : processedLabel}
          </Text>
          <Text size="sm" c="dimmed">
            {formatCount(item.invitedCount)} invited · {formatCount(item.refusedCount)} not invited
          </Text>
        </Group>
      </Stack>
      {item.status === 'FAILED' && (
        <Alert
          color="red"
          variant="light"
          title="The import stopped"
          icon={<IconAlertCircle size={20} />}
          role="alert"
        >
          {item.error ?? 'The file could not be processed.'}
        </Alert>
      )}
      {done && (
        <>
          <OutcomeSummary counts={item?.outcomeCounts ?? []} />
          <RefusedRows importId={importId} refusedCount={item.refusedCount} />
        </>
      )}
      <Group justify="space-between" gap="sm">
        {done ? (
          <Button
            component="a"
            href={item.reportUrl}
            download
            variant="light"
            leftSection={<IconDownload size={16} aria-hidden />}
          >
            Download report (CSV)
          </Button>
        ) : (
          <Text size="xs" c="dimmed">
            You can close this dialog: the import carries on, and its report stays under Recent
            imports.
          </Text>
        )}
        <Group gap="sm">
          {done && (
            <Button
              variant="default"
              leftSection={<IconFileImport size={16} aria-hidden />}
              onClick={onAnother}
            >
              Import another file
            </Button>
          )}
          <Button onClick={onClose}>{done ? 'Done' : 'Close'}</Button>
        </Group>
      </Group>
    </Stack>
  );
}

function OutcomeSummary({
  counts,
}: {
  counts: readonly { outcome: ImportRowOutcome; count: number }[];
}) {
  if (!counts.length) return null;
  // Invited first, then the refusals in a fixed order, whatever order the API answered in.
  const order = Object.keys(OUTCOME_LABELS);
  const sorted = [...counts].sort((a, b) => order.indexOf(a.outcome) - order.indexOf(b.outcome));
  return (
    <Table withTableBorder aria-label="Rows per outcome" verticalSpacing={4}>
      <Table.Tbody>
        {sorted.map((c) => (
          <Table.Tr key={c.outcome}>
            <Table.Td>{OUTCOME_LABELS[c.outcome]}</Table.Td>
            <Table.Td ta="right">{formatCount(c.count)}</Table.Td>
          </Table.Tr>
        ))}
      </Table.Tbody>
    </Table>
  );
}

type RefusedRow = {
  row: number;
  email?: string | null;
  outcome: ImportRowOutcome;
  message?: string | null;
};

/** The rows that were not invited, 50 at a time. */
function RefusedRows({ importId, refusedCount }: { importId: string; refusedCount: number }) {
  const client = useApolloClient();
  const [rows, setRows] = useState<RefusedRow[]>([]);
  const [page, setPage] = useState<{ hasNextPage: boolean; endCursor?: string | null }>({
    hasNextPage: false,
  });
  const [loading, setLoading] = useState(false);
  const [failed, setFailed] = useState(false);

  async function load(after: string | null) {
    setLoading(true);
    try {
      const { data } = await client.query({
        query: PatientImportRefusedRowsQuery,
        variables: { id: importId, first: ROWS_PAGE, after },
        fetchPolicy: 'no-cache',
      });
      const connection = data!.patientImport.rows;
      setRows((current) => (after ? [...current, ...connection.nodes] : connection.nodes));
      setPage(connection.pageInfo);
      setFailed(false);
    } catch {
      setFailed(true);
    } finally {
      setLoading(false);
    }
  }

  useEffect(() => {
    if (refusedCount > 0) void load(null);
    // eslint-disable-next-line react-hooks/exhaustive-deps -- load once per import
  }, [importId, refusedCount]);

  if (refusedCount === 0) return <Text size="sm">Every row was invited.</Text>;
  return (
    <Stack gap="xs">
      <Title order={4} size="h5">
        Rows not invited
      </Title>
      {failed && (
        <Text size="sm" c="red" role="alert">
          The rows could not be loaded. Download the report instead.
        </Text>
      )}
      <Table.ScrollContainer minWidth={500} maxHeight={280}>
        <Table striped aria-label="Rows not invited" stickyHeader>
          <Table.Thead>
            <Table.Tr>
              <Table.Th>Row</Table.Th>
              <Table.Th>Email</Table.Th>
              <Table.Th>Outcome</Table.Th>
              <Table.Th>Why</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {rows.map((r) => (
              <Table.Tr key={r.row}>
                <Table.Td>{r.row}</Table.Td>
                <Table.Td style={{ wordBreak: 'break-all' }}>{r.email ?? '—'}</Table.Td>
                <Table.Td>{OUTCOME_LABELS[r.outcome]}</Table.Td>
                <Table.Td>{r.message ?? ''}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
      {page.hasNextPage && (
        <Group justify="center">
          <Button
            variant="default"
            size="xs"
            loading={loading}
            onClick={() => void load(page.endCursor ?? null)}
          >
            Load more
          </Button>
        </Group>
      )}
    </Stack>
  );
}

function RecentImports({
  organisationId,
  deploymentId,
  onOpen,
}: {
  organisationId: string;
  deploymentId: string;
  onOpen: (id: string) => void;
}) {
  const { data } = useQuery(RecentPatientImportsQuery, {
    variables: { organisationId, deploymentId },
    fetchPolicy: 'cache-and-network',
  });
  const imports = data?.patientImports ?? [];
  if (!imports.length) return null;
  return (
    <Stack gap="xs" mt="sm">
      <Title order={4} size="h5">
        Recent imports
      </Title>
      <Table aria-label="Recent imports" verticalSpacing={4}>
        <Table.Thead>
          <Table.Tr>
            <Table.Th>File</Table.Th>
            <Table.Th>Started</Table.Th>
            <Table.Th>Status</Table.Th>
            <Table.Th>Invited</Table.Th>
            <Table.Th>Not invited</Table.Th>
            <Table.Th>Report</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {imports.map((i) => (
            <Table.Tr key={i.id}>
              <Table.Td>
                <Anchor component="button" type="button" size="sm" onClick={() => onOpen(i.id)}>
                  {i.fileName ?? 'CSV import'}
                </Anchor>
              </Table.Td>
              <Table.Td>{formatDateTime(i.createdAt)}</Table.Td>
              <Table.Td>
                <Badge color={STATUS_LABEL[i.status].color} variant="light" size="sm">
                  {STATUS_LABEL[i.status].label}
                </Badge>
              </Table.Td>
              <Table.Td>{formatCount(i.invitedCount)}</Table.Td>
              <Table.Td>{formatCount(i.refusedCount)}</Table.Td>
              <Table.Td>
                {finished(i.status) ? (
                  <Anchor
                    href={i.reportUrl}
                    download
                    size="sm"
                    aria-label={`Download the report of ${i.fileName ?? 'this import'}`}
                  >
                    CSV
                  </Anchor>
                ) : (
                  '—'
                )}
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Stack>
  );
}
