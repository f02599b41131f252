// ISO 4217 active alphabetic currency codes (list one, current funds and currencies; precious metals, testing
// and "no currency" codes XAU, XAG, XPD, XPT, XTS, XXX and the bond-market units XBA–XBD excluded: they are not
// card transaction currencies).
const CODES =
  'AED AFN ALL AMD AOA ARS AUD AWG AZN BAM BBD BDT BHD BIF BMD BND BOB BOV BRL BSD BTN BWP BYN BZD CAD CDF CHE CHF ' +
  'CHW CLF CLP CNY COP COU CRC CUP CVE CZK DJF DKK DOP DZD EGP ERN ETB EUR FJD FKP GBP GEL GHS GIP GMD GNF GTQ GYD ' +
  'HKD HNL HTG HUF IDR ILS INR IQD IRR ISK JMD JOD JPY KES KGS KHR KMF KPW KRW KWD KYD KZT LAK LBP LKR LRD LSL LYD ' +
  'MAD MDL MGA MKD MMK MNT MOP MRU MUR MVR MWK MXN MXV MYR MZN NAD NGN NIO NOK NPR NZD OMR PAB PEN PGK PHP PKR PLN ' +
  'PYG QAR RON RSD RUB RWF SAR SBD SCR SDG SEK SGD SHP SLE SOS SRD SSP STN SVC SYP SZL THB TJS TMT TND TOP TRY TTD ' +
  'TWD TZS UAH UGX USD USN UYI UYU UYW UZS VED VES VND VUV WST XAF XCD XCG XDR XOF XPF XSU XUA YER ZAR ZMW ZWG';

export const ISO_4217_CODES: ReadonlySet<string> = new Set(CODES.split(' '));

// One byte per three-letter combination (26³ = 17,576): a lookup without hashing a string, usable on raw bytes.
const TABLE = new Uint8Array(26 * 26 * 26);
for (const code of ISO_4217_CODES)
  TABLE[((code.charCodeAt(0) - 65) * 26 + code.charCodeAt(1) - 65) * 26 + code.charCodeAt(2) - 65] = 1;

function letterIndex(c: number): number {
  return c >= 65 && c <= 90 ? c - 65 : -1;
}

function lookup(a: number, b: number, c: number): boolean {
  const x = letterIndex(a);
  const y = letterIndex(b);
  const z = letterIndex(c);
  return (x | y | z) >= 0 && TABLE[(x * 26 + y) * 26 + z] === 1;
}

export function isCurrency(code: string): boolean {
  return code.length === 3 && lookup(code.charCodeAt(0), code.charCodeAt(1), code.charCodeAt(2));
}

/** {@link isCurrency} for the bytes b[start, end). */
export function isCurrencyAt(b: Uint8Array, start: number, end: number): boolean {
  return end - start === 3 && lookup(b[start]!, b[start + 1]!, b[start + 2]!);
}
