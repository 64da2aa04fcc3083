/**
 * Money in the report is in 万元 with two decimals, as finance staff enter it and the report
 * prints it. It is kept as a whole number of hundredths so sums are exact.
 */
export type Hundredths = number;

const AMOUNT = /^(-?)(\d{1,12})(?:\.(\d{1,2}))?$/;

/** "865.76" (or a DECIMAL column's "865.76", or 865.76) → 86576. */
export function toHundredths(value: string | number): Hundredths {
  const text = typeof value === 'number' ? value.toFixed(2) : value.trim();
  const m = AMOUNT.exec(text);
  if (!m) throw new RangeError(`not an amount: ${String(value)}`);
  const n = Number(m[2]) * 100 + Number((m[3] ?? '').padEnd(2, '0'));
  return m[1] === '-' ? -n : n;
}

/** True when a number has at most two decimals (an amount in 万元 as entered). */
export function isAmount(value: number): boolean {
  return Number.isFinite(value) && Math.abs(Math.round(value * 100) - value * 100) < 1e-6;
}

/** 86576 → "865.76", 0 → "0", 100 → "1", 150 → "1.50" (whole amounts print without decimals). */
export function formatAmount(h: Hundredths): string {
  const sign = h < 0 ? '-' : '';
  const abs = Math.abs(h);
  const whole = Math.trunc(abs / 100);
  const cents = abs % 100;
  return cents === 0 ? `${sign}${whole}` : `${sign}${whole}.${String(cents).padStart(2, '0')}`;
}

/** For a DECIMAL(14,2) column: 86576 → "865.76". */
export function toDecimalString(h: Hundredths): string {
  const sign = h < 0 ? '-' : '';
  const abs = Math.abs(h);
  return `${sign}${Math.trunc(abs / 100)}.${String(abs % 100).padStart(2, '0')}`;
}
