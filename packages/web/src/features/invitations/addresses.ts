import { isValidEmail, normaliseEmail } from '@porter/shared';

/** What separates addresses when typed or pasted: commas, semicolons, any whitespace (spaces, tabs, new lines). */
export const ADDRESS_SEPARATORS = /[,;\s]/;

/** One address as people paste it: `Name <a@b>`, `mailto:a@b`, `"a@b"` → `a@b`, trimmed and lower-cased. */
export function cleanAddress(raw: string): string {
  const bracketed = /<([^<>]*)>/.exec(raw);
  const inner = bracketed ? bracketed[1]! : raw;
  return normaliseEmail(
    inner
      .trim()
      .replace(/^mailto:/i, '')
      .replace(/^["'([<]+|["')\]>.]+$/g, ''),
  );
}

/**
 * Splits typed or pasted text into addresses. Separators are commas, semicolons, whitespace and
 * new lines; a display name before `<address>` (as mail programs copy it) is dropped.
 */
export function splitAddresses(text: string): string[] {
  // Quoted display names may hold commas: "Nurse, Nora" <nora@example.org>.
  const unquoted = text.replace(/"[^"]*"\s*(?=<)/g, '');
  const found: string[] = [];
  for (const segment of unquoted.split(/[,;\r\n]+/)) {
    const bracketed = [...segment.matchAll(/<([^<>]*)>/g)].map((m) => m[1]!);
    for (const part of bracketed.length > 0 ? bracketed : segment.split(/\s+/)) {
      const address = cleanAddress(part);
      if (address) found.push(address);
    }
  }
  return found;
}

/** `current` followed by the new addresses it does not hold yet, in order. */
export function mergeAddresses(current: readonly string[], incoming: readonly string[]): string[] {
  const seen = new Set(current);
  const merged = [...current];
  for (const address of incoming) {
    if (!seen.has(address)) {
      seen.add(address);
      merged.push(address);
    }
  }
  return merged;
}

/** The first cell of a CSV line: quoted ("a, b" with "" for a quote) or up to the first , ; or tab. */
function firstCell(line: string): string {
  const text = line.trim();
  if (!text.startsWith('"')) return text.split(/[,;\t]/)[0]!.trim();
  let cell = '';
  for (let i = 1; i < text.length; i++) {
    const char = text[i];
    if (char === '"') {
      if (text[i + 1] === '"') {
        cell += '"';
        i++;
      } else break;
    } else cell += char;
  }
  return cell.trim();
}

/**
 * Addresses from a CSV or text file: the first column of each row; a first row that is not an
 * email address is a header and is skipped. Empty rows are ignored; invalid addresses are kept,
 * so the dialog can show them.
 */
export function addressesFromCsv(text: string): string[] {
  const cells = text
    .replace(/^\uFEFF/, '')
    .split(/\r\n|\r|\n/)
    .map((line) => cleanAddress(firstCell(line)))
    .filter((cell) => cell !== '');
  if (cells.length > 0 && !isValidEmail(cells[0]!)) cells.shift();
  return mergeAddresses([], cells);
}
