import {
  parsePhoneNumberFromString,
  type CountryCode,
  type NumberType,
} from 'libphonenumber-js/max';

export interface ParsedMobile {
  /** +447911123456: what is stored and sent to. */
  e164: string;
  /** +44 7911 123456: what people read. */
  display: string;
}

/** Number types that cannot receive a text message. Unknown types are let through (the provider decides). */
const NOT_TEXTABLE: ReadonlySet<NumberType> = new Set([
  'FIXED_LINE',
  'TOLL_FREE',
  'PREMIUM_RATE',
  'SHARED_COST',
  'UAN',
  'VOICEMAIL',
  'PAGER',
]);

/**
 * Parses a mobile number as typed ("07911 123456", "+44 7911 123456") with the full metadata, so
 * numbers outside any allocated range are refused, not only wrong lengths. `defaultCountry` (ISO
 * alpha-2) applies to numbers typed without +country code. Null when not a textable number.
 */
export function parseMobile(input: string, defaultCountry: string): ParsedMobile | null {
  const text = input.trim();
  if (!text || text.length > 40) return null;
  const country = /^[A-Za-z]{2}$/.test(defaultCountry)
    ? (defaultCountry.toUpperCase() as CountryCode)
    : undefined;
  let number;
  try {
    number = parsePhoneNumberFromString(text, country ? { defaultCountry: country } : undefined);
  } catch {
    return null;
  }
  if (!number || !number.isValid()) return null;
  const type = number.getType();
  if (type && NOT_TEXTABLE.has(type)) return null;
  return { e164: number.number, display: number.formatInternational() };
}
