import { Group, SegmentedControl, Stack, Table, Text } from '@mantine/core';
import { useState } from 'react';

export interface ChartWeek {
  weekStart: string;
  sent: number;
  accepted: number;
  expired: number;
}

export const SERIES = [
  { key: 'sent', label: 'Sent', color: 'var(--mantine-color-blue-6)' },
  { key: 'accepted', label: 'Accepted', color: 'var(--mantine-color-teal-6)' },
  { key: 'expired', label: 'Expired', color: 'var(--mantine-color-orange-5)' },
] as const;

const WIDTH = 720;
const HEIGHT = 220;
const TOP = 12;
const BOTTOM = 28;
const LEFT = 36;

/** "9 Mar" for a week starting on that Monday (UTC, as the API counts weeks). */
export function weekLabel(iso: string): string {
  return new Date(iso).toLocaleDateString('en-GB', {
    day: 'numeric',
    month: 'short',
    timeZone: 'UTC',
  });
}

/** A round axis maximum above the largest value: 1, 2, 5 × 10ⁿ. */
export function niceMax(value: number): number {
  if (value <= 0) return 1;
  const power = 10 ** Math.floor(Math.log10(value));
  return ([1, 2, 5, 10].find((m) => m * power >= value) ?? 10) * power;
}

/**
 * Invitations sent, accepted and expired per week as grouped bars in plain SVG. Each bar carries an
 * aria-label (and a tooltip title) with its week and value, and the same figures are one click away
 * as a table.
 */
export function WeeklyChart({ weeks }: { weeks: readonly ChartWeek[] }) {
  const [view, setView] = useState<'chart' | 'table'>('chart');
  const max = niceMax(Math.max(0, ...weeks.flatMap((w) => [w.sent, w.accepted, w.expired])));
  const plotHeight = HEIGHT - TOP - BOTTOM;
  const slot = (WIDTH - LEFT) / Math.max(weeks.length, 1);
  const bar = Math.max(2, (slot - 8) / SERIES.length);
  const y = (value: number) => TOP + plotHeight - (value / max) * plotHeight;

  return (
    <Stack gap="sm">
      <Group justify="space-between" wrap="wrap">
        <Group gap="md" aria-hidden>
          {SERIES.map((s) => (
            <Group key={s.key} gap={6}>
              <svg width={10} height={10}>
                <rect width={10} height={10} rx={2} fill={s.color} />
              </svg>
              <Text size="xs" c="dimmed">
                {s.label}
              </Text>
            </Group>
          ))}
        </Group>
        <SegmentedControl
          size="xs"
          aria-label="Show invitations per week as"
          value={view}
          onChange={(v) => setView(v)}
          data={[
            { value: 'chart', label: 'Chart' },
            { value: 'table', label: 'Table' },
          ]}
        />
      </Group>
      {view === 'chart' ? (
        <svg
          viewBox={`0 0 ${WIDTH} ${HEIGHT}`}
          width="100%"
          role="group"
          aria-label="Invitations sent, accepted and expired per week, last 12 weeks"
          style={{ maxHeight: 260 }}
        >
          {/* Counts are whole: the half-way line only where it falls on a whole number. */}
          {(Number.isInteger(max / 2) ? [0, 0.5, 1] : [0, 1]).map((f) => (
            <g key={f} aria-hidden>
              <line
                x1={LEFT}
                x2={WIDTH}
                y1={y(max * f)}
                y2={y(max * f)}
                stroke="var(--mantine-color-gray-3)"
              />
              <text
                x={LEFT - 6}
                y={y(max * f) + 4}
                textAnchor="end"
                fontSize={11}
                fill="var(--mantine-color-gray-6)"
              >
                {max * f}
              </text>
            </g>
          ))}
          {weeks.map((w, i) => {
            const x0 = LEFT + i * slot + 4;
            return (
              <g key={w.weekStart}>
                {SERIES.map((s, k) => {
                  const value = w[s.key];
                  const label = `Week of ${weekLabel(w.weekStart)}: ${value} ${s.label.toLowerCase()}`;
                  return (
                    <rect
                      key={s.key}
                      role="img"
                      aria-label={label}
                      x={x0 + k * bar}
                      y={y(value)}
                      width={bar - 1}
                      height={Math.max(0, TOP + plotHeight - y(value))}
                      rx={1.5}
                      fill={s.color}
                    >
                      <title>{label}</title>
                    </rect>
                  );
                })}
                {(i % 2 === 0 || weeks.length <= 6) && (
                  <text
                    x={x0 + (slot - 8) / 2}
                    y={HEIGHT - 8}
                    textAnchor="middle"
                    fontSize={11}
                    fill="var(--mantine-color-gray-7)"
                    aria-hidden
                  >
                    {weekLabel(w.weekStart)}
                  </text>
                )}
              </g>
            );
          })}
        </svg>
      ) : (
        <Table aria-label="Invitations per week" striped>
          <Table.Thead>
            <Table.Tr>
              <Table.Th>Week of</Table.Th>
              {SERIES.map((s) => (
                <Table.Th key={s.key} ta="right">
                  {s.label}
                </Table.Th>
              ))}
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {weeks.map((w) => (
              <Table.Tr key={w.weekStart}>
                <Table.Td>{weekLabel(w.weekStart)}</Table.Td>
                {SERIES.map((s) => (
                  <Table.Td key={s.key} ta="right">
                    {w[s.key]}
                  </Table.Td>
                ))}
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
    </Stack>
  );
}
