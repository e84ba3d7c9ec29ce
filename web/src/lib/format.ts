// Number formatting for the page: one place, so totals, tooltips, tables and exports agree.
import { format } from 'd3';

const si3 = format('.3~s');
/** d3's formatter for `digits` decimals, built once per digit count (building one parses its specifier: ~10× the
 *  cost of formatting a number, and num/sig run for every number a view update shows). */
const fixedFormats = new Map<number, (v: number) => string>();
const fixed = (digits: number) => {
  let f = fixedFormats.get(digits);
  if (!f) fixedFormats.set(digits, (f = format(`,.${digits}f`)));
  return f;
};

/** 3 significant digits with an SI prefix: 1.23M, 456k, 7.8. */
export function si(v: number): string {
  if (!Number.isFinite(v)) return '—';
  if (v === 0) return '0';
  return si3(v);
}

/** Grouped thousands with `digits` decimals. */
export function num(v: number, digits = 0): string {
  return Number.isFinite(v) ? fixed(digits)(v) : '—';
}

/** 3 significant digits, no prefix, grouped: 12,300 / 45.6 / 0.0123. */
export function sig(v: number, digits = 3): string {
  if (!Number.isFinite(v)) return '—';
  if (v === 0) return '0';
  const mag = Math.floor(Math.log10(Math.abs(v)));
  const decimals = Math.max(0, digits - 1 - mag);
  return fixed(Math.min(decimals, 6))(v);
}

/** Bytes in decimal units: 1.23 GB, 456 MB, 7.8 kB. */
export function bytes(v: number): string {
  if (!Number.isFinite(v)) return '—';
  if (v === 0) return '0 B';
  const units = ['B', 'kB', 'MB', 'GB', 'TB', 'PB'];
  let i = 0;
  let x = v;
  while (Math.abs(x) >= 1000 && i < units.length - 1) { x /= 1000; i++; }
  return `${sig(x)} ${units[i]}`;
}

/** A fraction in [0, 1] as a percentage with sensible digits: 12.3%, 0.58%, < 0.01%. */
export function pct(f: number): string {
  if (!Number.isFinite(f)) return '—';
  const p = f * 100;
  if (p === 0) return '0%';
  if (Math.abs(p) < 0.01) return '< 0.01%';
  return `${Math.abs(p) >= 10 ? p.toFixed(1) : Math.abs(p) >= 1 ? p.toFixed(1) : p.toFixed(2)}%`;
}

/** A ratio as "1.23×". */
export function times(r: number): string {
  return Number.isFinite(r) ? `${sig(r)}×` : '—';
}

/** Seconds as ms / µs / s with 3 significant digits. */
export function seconds(s: number): string {
  if (!Number.isFinite(s)) return '—';
  if (s >= 1) return `${sig(s)} s`;
  if (s >= 1e-3) return `${sig(s * 1e3)} ms`;
  return `${sig(s * 1e6)} µs`;
}

/** Joules as J / mJ / µJ / nJ with 3 significant digits. */
export function joules(j: number): string {
  if (!Number.isFinite(j)) return '—';
  if (j === 0) return '0 J';
  const a = Math.abs(j);
  if (a >= 1) return `${sig(j)} J`;
  if (a >= 1e-3) return `${sig(j * 1e3)} mJ`;
  if (a >= 1e-6) return `${sig(j * 1e6)} µJ`;
  return `${sig(j * 1e9)} nJ`;
}

/** A power of ten as a plain number ("0.001", "1", "10000"), or 10 with a superscript exponent beyond that
 *  ("10⁻⁵", "10⁶"): an axis of plain ratios (ops per byte) never gets SI prefixes such as "100µ" or "1m". */
export function decade(n: number): string {
  const e = Math.round(Math.log10(n));
  if (e >= -3 && e <= 4) return e < 0 ? (10 ** e).toFixed(-e) : String(10 ** e);
  const sup = '⁰¹²³⁴⁵⁶⁷⁸⁹';
  return `10${e < 0 ? '⁻' : ''}${[...String(Math.abs(e))].map((d) => sup[Number(d)]).join('')}`;
}

/** Bytes in binary units, for what the model sizes in MiB (GMEM, local memory): 128 MiB, 1.5 GiB, 640 KiB. */
export function binaryBytes(v: number): string {
  if (!Number.isFinite(v)) return '—';
  if (v === 0) return '0 B';
  const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB', 'PiB'];
  let i = 0;
  let x = v;
  while (Math.abs(x) >= 1024 && i < units.length - 1) { x /= 1024; i++; }
  return `${sig(x)} ${units[i]}`;
}
