const dateFormat = new Intl.DateTimeFormat('en-GB', {
  day: 'numeric',
  month: 'short',
  year: 'numeric',
});
const dateTimeFormat = new Intl.DateTimeFormat('en-GB', {
  day: 'numeric',
  month: 'short',
  year: 'numeric',
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
});

/** "3 Mar 2026" */
export function formatDate(iso: string): string {
  return dateFormat.format(new Date(iso));
}

/** "3 Mar 2026, 14:05:09" */
export function formatDateTime(iso: string): string {
  return dateTimeFormat.format(new Date(iso));
}

/** REMOTE_PATIENT_MONITORING → "Remote patient monitoring" */
export function humanise(value: string): string {
  const text = value.toLowerCase().replace(/_/g, ' ');
  return text.charAt(0).toUpperCase() + text.slice(1);
}

const longRelative = new Intl.RelativeTimeFormat('en-GB', { numeric: 'always', style: 'long' });
const shortRelative = new Intl.RelativeTimeFormat('en-GB', { numeric: 'always', style: 'short' });

/** "just now", "5 min ago", "2 hours ago", "in 3 days": how far `iso` is from `now`. */
export function formatRelative(iso: string, now: number = Date.now()): string {
  const diff = new Date(iso).getTime() - now;
  const minutes = Math.round(diff / 60_000);
  if (minutes === 0) return diff <= 0 ? 'just now' : 'in less than a minute';
  if (Math.abs(minutes) < 60) return shortRelative.format(minutes, 'minute');
  const hours = Math.round(diff / 3_600_000);
  if (Math.abs(hours) < 24) return longRelative.format(hours, 'hour');
  return longRelative.format(Math.round(diff / 86_400_000), 'day');
}

/** A count as people read it ("1,204"); a dash when it is not known (or not the viewer's to see). */
export function formatCount(n: number | null | undefined): string {
  return n == null ? '—' : n.toLocaleString('en-GB');
}
