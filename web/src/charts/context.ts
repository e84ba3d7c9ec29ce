// The chart frame's context (LayerCake's idea): the frame measures itself, builds the scales from the inner size,
// and hands them to its layers; each layer is a small component that draws one kind of mark.
import { createContext } from 'svelte';

export interface Margin { top: number; right: number; bottom: number; left: number }

/** Anything callable as a d3 scale: value → pixel. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type AnyScale = ((v: any) => number | undefined) & { range(): number[] };

export interface ChartContext<X extends AnyScale = AnyScale, Y extends AnyScale = AnyScale> {
  readonly width: number;
  readonly height: number;
  readonly margin: Margin;
  /** Plot area (inside the margins). */
  readonly inner: { width: number; height: number };
  readonly x: X;
  readonly y: Y;
}

const [get, set] = createContext<ChartContext>();

export const setChart = set;

/** The enclosing frame's context, typed by the layer's expectations of its scales. */
export function getChart<X extends AnyScale = AnyScale, Y extends AnyScale = AnyScale>(): ChartContext<X, Y> {
  return get() as ChartContext<X, Y>;
}

/**
 * A scale as a value (a redraw may build equal scales anew): its type (a log scale's base), domain and range. Marks
 * that keep their formatted output between updates compare these.
 */
export function scaleKey(s: AnyScale): string {
  const q = s as AnyScale & { domain?: () => unknown[]; base?: () => number };
  return `${q.base?.() ?? ''}:${q.domain?.()}:${s.range()}`;
}
