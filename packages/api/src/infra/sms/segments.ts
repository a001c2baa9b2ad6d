/** The GSM 03.38 basic character set: one septet each. */
const GSM_BASIC = new Set(
  '@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !"#¤%&\'()*+,-./0123456789:;<=>?¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà',
);
/** The extension table: an escape plus the character, two septets each. */
const GSM_EXTENDED = new Set('^{}\\[~]|€\f');

export interface SmsLength {
  /** GSM-7 when every character fits it; otherwise the text travels as UCS-2 (fewer characters per part). */
  encoding: 'GSM-7' | 'UCS-2';
  /** Length in the units that count against the limits (extension characters count twice in GSM-7). */
  characters: number;
  /** How many parts (and how many billed messages) the text takes. */
  segments: number;
}

/**
 * How a text is split on the network: GSM-7 fits 160 septets in one part or 153 per part of a
 * longer message; anything outside it (an emoji, a curly quote) makes the whole text UCS-2,
 * 70 code units in one part or 67 per part.
 */
export function smsLength(text: string): SmsLength {
  let septets = 0;
  let gsm = true;
  for (const ch of text) {
    if (GSM_BASIC.has(ch)) septets += 1;
    else if (GSM_EXTENDED.has(ch)) septets += 2;
    else {
      gsm = false;
      break;
    }
  }
  if (gsm)
    return {
      encoding: 'GSM-7',
      characters: septets,
      segments: septets <= 160 ? 1 : Math.ceil(septets / 153),
    };
  // UCS-2 counts UTF-16 code units: an emoji is two.
  const units = text.length;
  return {
    encoding: 'UCS-2',
    characters: units,
    segments: units <= 70 ? 1 : Math.ceil(units / 67),
  };
}
