// One colour rule for a gain over TPU-v3 on every view (Explore's totals, Search's table, detail and progress card):
// green above 1×, red below, neither within half a per-mille of 1 (what `times` prints as 1.00×).

export type GainTone = 'up' | 'down' | undefined;

export function gainTone(gain: number | null | undefined): GainTone {
  if (gain === null || gain === undefined || !Number.isFinite(gain)) return undefined;
  return gain > 1.0005 ? 'up' : gain < 0.9995 ? 'down' : undefined;
}
