import {
  ActionIcon,
  Button,
  CopyButton,
  Group,
  Image,
  NumberInput,
  Stack,
  TextInput,
  Tooltip,
} from '@mantine/core';
import { IconCheck, IconCopy, IconDownload } from '@tabler/icons-react';
import { MAX_LINK_USES, maxUsesError, svgDataUrl, type InviteLinkRow } from './invite-links-api';

/** The link in a read-only field with a copy button: what staff paste into a message or a poster. */
export function InviteLinkField({ link }: { link: Pick<InviteLinkRow, 'url'> }) {
  return (
    <TextInput
      label="Invite link"
      value={link.url}
      readOnly
      onFocus={(e) => e.currentTarget.select()}
      rightSectionWidth={42}
      rightSection={
        <CopyButton value={link.url} timeout={2000}>
          {({ copied, copy }) => (
            <Tooltip label={copied ? 'Copied' : 'Copy link'} withArrow position="left">
              <ActionIcon
                variant="subtle"
                color={copied ? 'teal' : 'gray'}
                onClick={copy}
                aria-label="Copy link"
              >
                {copied ? <IconCheck size={18} aria-hidden /> : <IconCopy size={18} aria-hidden />}
              </ActionIcon>
            </Tooltip>
          )}
        </CopyButton>
      }
    />
  );
}

/** A file name for downloads: the label when there is one, else "invite-link". */
function fileName(link: Pick<InviteLinkRow, 'label'>, extension: string): string {
  const base =
    (link.label ?? '')
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-|-$/g, '') || 'invite-link';
  return `${base}-qr.${extension}`;
}

/** The QR code of a link, with PNG (for documents) and SVG (for print) downloads. */
export function InviteLinkQr({
  link,
  size = 220,
  alt = 'QR code for the invite link',
}: {
  link: Pick<InviteLinkRow, 'qrSvg' | 'qrPng' | 'label'>;
  size?: number;
  /** What the image says to screen readers. */
  alt?: string;
}) {
  const svg = svgDataUrl(link.qrSvg);
  return (
    <Stack gap="xs" align="center">
      <Image
        src={svg}
        alt={alt}
        w={size}
        h={size}
        fit="contain"
        radius="sm"
        bd="1px solid var(--mantine-color-gray-3)"
      />
      <Group gap="xs" justify="center">
        <Button
          component="a"
          href={link.qrPng}
          download={fileName(link, 'png')}
          variant="default"
          size="xs"
          leftSection={<IconDownload size={14} aria-hidden />}
        >
          Download PNG
        </Button>
        <Button
          component="a"
          href={svg}
          download={fileName(link, 'svg')}
          variant="default"
          size="xs"
          leftSection={<IconDownload size={14} aria-hidden />}
        >
          Download SVG
        </Button>
      </Group>
    </Stack>
  );
}

/** "Maximum uses" of a new link: a whole number, or empty for no limit. */
export function MaxUsesInput({
  value,
  onChange,
}: {
  value: number | '';
  onChange: (value: number | '') => void;
}) {
  return (
    <NumberInput
      label="Maximum uses"
      description="Leave empty for no limit."
      min={1}
      max={MAX_LINK_USES}
      allowDecimal={false}
      allowNegative={false}
      value={value}
      onChange={(v) => onChange(typeof v === 'number' ? v : v === '' ? '' : Number(v))}
      error={maxUsesError(value)}
    />
  );
}
