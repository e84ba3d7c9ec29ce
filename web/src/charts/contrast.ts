// Text colours in charts: a label drawn in its series' colour (a reference line's, a roof's) is darkened, same hue,
// until it reads at WCAG 2.1 AA contrast (4.5:1 for text under 18 pt) on the charts' white background. The line
// keeps its colour; only its label changes.
import { hsl, rgb } from 'd3';

/** WCAG 2.1 relative luminance of a CSS colour. */
export function luminance(color: string): number {
  const c = rgb(color);
  const lin = (v: number) => { const s = v / 255; return s <= 0.03928 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4; };
  return 0.2126 * lin(c.r) + 0.7152 * lin(c.g) + 0.0722 * lin(c.b);
}

/** WCAG 2.1 contrast ratio of two CSS colours (1 to 21). */
export function contrast(a: string, b: string): number {
  const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x);
  return (hi + 0.05) / (lo + 0.05);
}

/** Answers of readableOnWhite by colour and contrast (charts ask for the same few series colours on every redraw). */
const readable = new Map<string, string>();

/** The colour itself when it reaches `min` contrast on white, else the same hue darkened until it does. */
export function readableOnWhite(color: string, min = 4.5): string {
  const key = `${color} ${min}`;
  let out = readable.get(key);
  if (out === undefined) {
    out = color;
    if (contrast(color, '#ffffff') < min) {
      const c = hsl(color);
      while (c.l > 0 && contrast(c.formatHex(), '#ffffff') < min) c.l = Math.max(0, c.l - 0.01);
      out = c.formatHex();
    }
    readable.set(key, out);
  }
  return out;
}
