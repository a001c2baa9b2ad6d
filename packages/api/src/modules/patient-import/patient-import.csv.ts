import { isValidEmail, normaliseEmail } from '@porter/shared';
import type { ImportRowOutcome } from './patient-import.entity.js';

/** Where the email and the names are, by column index (0-based). */
export interface Columns {
  email: number;
  firstName: number | null;
  lastName: number | null;
}

/** Without a header: email, first name, last name. */
export const DEFAULT_COLUMNS: Columns = { email: 0, firstName: 1, lastName: 2 };

const EMAIL_HEADERS = new Set(['email', 'e-mail', 'email address', 'e-mail address']);
const FIRST_NAME_HEADERS = new Set([
  'first name',
  'first_name',
  'firstname',
  'given name',
  'given_name',
  'forename',
]);
const LAST_NAME_HEADERS = new Set([
  'last name',
  'last_name',
  'lastname',
  'surname',
  'family name',
  'family_name',
]);

/** A first row naming an "email" column is a header; it says where the names are too. */
export function detectHeader(cells: readonly string[]): Columns | null {
  const names = cells.map((c) => c.trim().toLowerCase());
  const email = names.findIndex((n) => EMAIL_HEADERS.has(n));
  if (email < 0) return null;
  const firstName = names.findIndex((n) => FIRST_NAME_HEADERS.has(n));
  const lastName = names.findIndex((n) => LAST_NAME_HEADERS.has(n));
  return {
    email,
    firstName: firstName < 0 ? null : firstName,
    lastName: lastName < 0 ? null : lastName,
  };
}

/**
 * A cell a spreadsheet would run as a formula (OWASP "CSV injection"): it starts with = + - @,
 * a tab or a carriage return.
 */
export const looksLikeFormula = (value: string) => /^[=+\-@\t\r]/.test(value);

/** Prefixes formula-looking cells with a single quote so spreadsheets show them as text. */
export const neutraliseCell = (value: string | number | null | undefined): string => {
  if (value === null || value === undefined) return '';
  const text = String(value);
  return looksLikeFormula(text) ? `'${text}` : text;
};

export interface ClassifiedRow {
  rowNo: number;
  /** What the report shows: the normalised address when valid, else the cell as given (cut to fit). */
  email: string | null;
  firstName: string | null;
  lastName: string | null;
  /** Set when the row is refused before any database work. */
  refusal: {
    outcome: Exclude<ImportRowOutcome, 'INVITED' | 'ALREADY_PENDING' | 'ALREADY_MEMBER'>;
    message: string;
  } | null;
  /** The normalised address to invite when not refused. */
  address: string | null;
}

const cut = (value: string | null, length: number) =>
  value === null ? null : value.slice(0, length);
const NAME_MAX = 100;

/**
 * The outcome of one data row that needs no database: FORMULA (a used cell looks like a formula;
 * only the cells Porter reads are checked, so a "+44…" phone column or a negative number in a
 * column we ignore does not refuse the row), MISSING_EMAIL, INVALID (address or a name too long),
 * DUPLICATE (the address appeared earlier in this file). `seen` holds the addresses of earlier
 * rows that went on to be invited; processing the same file always fills it the same way, which
 * is what lets a resumed import skip its committed rows and still judge duplicates right.
 */
export function classifyRow(
  rowNo: number,
  cells: readonly string[],
  columns: Columns,
  seen: Set<string>,
): ClassifiedRow {
  const at = (i: number | null) => (i === null ? null : (cells[i] ?? '').trim() || null);
  const rawEmail = at(columns.email);
  const firstName = at(columns.firstName);
  const lastName = at(columns.lastName);
  const base = {
    rowNo,
    email: cut(rawEmail, 320),
    firstName: cut(firstName, NAME_MAX),
    lastName: cut(lastName, NAME_MAX),
    address: null,
  };
  if ([rawEmail, firstName, lastName].some((v) => v !== null && looksLikeFormula(v))) {
    return {
      ...base,
      refusal: {
        outcome: 'FORMULA',
        message: 'A cell starts with = + - or @, like a spreadsheet formula; refused for safety.',
      },
    };
  }
  if (!rawEmail)
    return {
      ...base,
      refusal: { outcome: 'MISSING_EMAIL', message: 'No email address in this row.' },
    };
  const address = normaliseEmail(rawEmail);
  if (!isValidEmail(address))
    return { ...base, refusal: { outcome: 'INVALID', message: 'Not a valid email address.' } };
  if ((firstName?.length ?? 0) > NAME_MAX || (lastName?.length ?? 0) > NAME_MAX) {
    return {
      ...base,
      email: address,
      refusal: { outcome: 'INVALID', message: `Names are limited to ${NAME_MAX} characters.` },
    };
  }
  if (seen.has(address))
    return {
      ...base,
      email: address,
      refusal: { outcome: 'DUPLICATE', message: 'The same address appears earlier in this file.' },
    };
  seen.add(address);
  return { ...base, email: address, refusal: null, address };
}
