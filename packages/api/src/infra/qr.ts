import QRCode from 'qrcode';

/** The QR code of a URL as SVG markup (scales for print). */
export const qrSvg = (url: string): Promise<string> =>
  QRCode.toString(url, { type: 'svg', errorCorrectionLevel: 'M', margin: 2 });

/** The QR code of a URL as a 512-pixel PNG data URL. */
export const qrPng = (url: string): Promise<string> =>
  QRCode.toDataURL(url, { errorCorrectionLevel: 'M', margin: 2, width: 512 });
