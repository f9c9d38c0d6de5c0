import type { ComponentStatus } from './stack';

/** A plain-text table, one component a line, columns separated by two or more spaces. */
export function renderStatusTable(statuses: readonly ComponentStatus[]): string {
  const rows = [
    ['COMPONENT', 'STATE', 'PID', 'ENDPOINT', 'NOTE'],
    ...statuses.map((s) => [
      s.name,
      s.state,
      s.pid === undefined ? '-' : String(s.pid),
      s.endpoint,
      s.note ?? '',
    ]),
  ];
  const widths = rows[0]?.map((_, column) => Math.max(...rows.map((row) => row[column]?.length ?? 0))) ?? [];
  return `${rows
    .map((row) =>
      row
        .map((cell, column) => cell.padEnd(widths[column] ?? 0))
        .join('  ')
        .trimEnd(),
    )
    .join('\n')}\n`;
}
