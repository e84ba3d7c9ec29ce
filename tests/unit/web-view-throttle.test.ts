// The running search's view updates (web/src/lib/view-throttle.ts): the progress applies at most every VIEW_MS, what
// the charts draw (the told trials' summary and the batch in flight) at most every chartIntervalMs of its trials, the
// latest of each kind wins, and flush() applies everything at once.
import { describe, expect, it } from 'vitest';
import { CHART_MAX_MS, VIEW_MS, ViewThrottle, chartIntervalMs, type ThrottleClock, type ViewBatch } from '../../web/src/lib/view-throttle';

/** A clock whose timers run only when the test advances it. */
function fakeClock() {
  let now = 1000;
  let next = 1;
  const timers = new Map<number, { at: number; f: () => void }>();
  const clock: ThrottleClock = {
    now: () => now,
    setTimeout: (f, ms) => { const id = next++; timers.set(id, { at: now + ms, f }); return id; },
    clearTimeout: (h) => { timers.delete(h as number); },
  };
  const advance = (ms: number) => {
    const end = now + ms;
    for (;;) {
      const due = [...timers].filter(([, t]) => t.at <= end).sort((a, b) => a[1].at - b[1].at)[0];
      if (!due) break;
      timers.delete(due[0]);
      now = due[1].at;
      due[1].f();
    }
    now = end;
  };
  return { clock, advance, armed: () => timers.size, now: () => now };
}

type R = { trials: number[]; id: string };
const result = (n: number, id = `r${n}`): R => ({ trials: Array.from({ length: n }, (_, i) => i), id });

function setup() {
  const c = fakeClock();
  const applied: (ViewBatch<R, string, number> & { at: number })[] = [];
  const t = new ViewThrottle<R, string, number>((b) => applied.push({ ...b, at: c.now() }), c.clock);
  return { ...c, t, applied };
}

describe('chartIntervalMs', () => {
  it('is VIEW_MS up to 1,000 trials, then grows with them up to CHART_MAX_MS', () => {
    expect(chartIntervalMs(0)).toBe(VIEW_MS);
    expect(chartIntervalMs(1000)).toBe(VIEW_MS);
    expect(chartIntervalMs(3000)).toBe(300);
    expect(chartIntervalMs(5000)).toBe(CHART_MAX_MS);
    expect(chartIntervalMs(1e6)).toBe(CHART_MAX_MS);
  });
});

describe('ViewThrottle', () => {
  it('applies a burst in one task, and the next burst no sooner than VIEW_MS after it', () => {
    const s = setup();
    s.t.queue({ progress: 1 });
    s.t.queue({ progress: 2, result: result(10) });
    s.t.queue({ pending: 'p' });
    expect(s.applied).toHaveLength(0); // never in the caller's task
    s.advance(0);
    expect(s.applied).toEqual([{ result: result(10), pending: 'p', progress: 2, at: 1000 }]);
    s.t.queue({ progress: 3 });
    s.advance(50);
    expect(s.applied).toHaveLength(1);
    s.advance(50);
    expect(s.applied.map((a) => [a.progress, a.at])).toEqual([[2, 1000], [3, 1100]]);
    expect(s.armed()).toBe(0);
  });

  it('holds chart content for chartIntervalMs of its trials while the progress goes on every VIEW_MS', () => {
    const s = setup();
    s.t.queue({ result: result(4000, 'a') });
    s.advance(0); // first chart redraw at 1000
    for (let k = 1; k <= 5; k++) {
      s.advance(100);
      s.t.queue({ progress: k, result: result(4000, `b${k}`), pending: `p${k}` });
    }
    s.advance(400);
    // the progress applied VIEW_MS after the last application (each queued just after one); the charts (4,000 trials:
    // 400 ms) at 1400 with the latest result queued before that task (b3: b4 is queued at 1400 after it), and at 1800
    // with b5 (b4 and b5 waited for 1400 + 400)
    const charts = s.applied.filter((a) => a.result !== null || a.pending !== null);
    expect(charts.map((a) => [a.at, a.result?.id, a.pending])).toEqual([[1000, 'a', null], [1400, 'b3', 'p3'], [1800, 'b5', 'p5']]);
    expect(s.applied.filter((a) => a.progress !== null).map((a) => [a.at, a.progress])).toEqual([[1100, 1], [1200, 2], [1300, 3], [1500, 4], [1600, 5]]);
    expect(s.armed()).toBe(0);
  });

  it('flush applies everything queued at once, held chart content included, and disarms', () => {
    const s = setup();
    s.t.queue({ result: result(5000, 'a') });
    s.advance(0);
    s.t.queue({ result: result(5001, 'b'), progress: 7 });
    s.advance(100); // the progress goes, the result waits (500 ms)
    expect(s.applied.at(-1)).toMatchObject({ progress: 7, result: null });
    s.t.flush();
    expect(s.applied.at(-1)).toMatchObject({ result: { id: 'b' }, progress: null, at: 1100 });
    expect(s.armed()).toBe(0);
    const n = s.applied.length;
    s.t.flush(); // nothing queued: nothing applied
    s.advance(1000);
    expect(s.applied).toHaveLength(n);
  });

  it('never applies a kind twice without a new update, and never loses the latest of any kind', () => {
    const s = setup();
    let seq = 0;
    const last = { result: '', pending: '', progress: -1 };
    // random bursts over 20 s of fake time
    for (let step = 0; step < 400; step++) {
      const r = (step * 7919) % 10;
      if (r < 4) { seq++; s.t.queue({ progress: seq }); last.progress = seq; }
      if (r === 4 || r === 7) { const res = result(step * 15, `s${step}`); s.t.queue({ result: res, pending: `q${step}` }); last.result = res.id; last.pending = `q${step}`; }
      if (r === 5) { s.t.queue({ pending: `x${step}` }); last.pending = `x${step}`; }
      s.advance(17 + (step % 5) * 23);
    }
    s.advance(1000);
    const seen = { result: '', pending: '', progress: -1 };
    for (const a of s.applied) {
      if (a.result) seen.result = a.result.id;
      if (a.pending) seen.pending = a.pending;
      if (a.progress !== null) seen.progress = a.progress;
    }
    expect(seen).toEqual(last);
    // spacing: any two applications ≥ VIEW_MS apart; chart ones ≥ chartIntervalMs of the later one's trials apart
    for (let i = 1; i < s.applied.length; i++) expect(s.applied[i].at - s.applied[i - 1].at).toBeGreaterThanOrEqual(VIEW_MS);
    const charts = s.applied.filter((a) => a.result !== null || a.pending !== null);
    let trials = 0;
    for (let i = 1; i < charts.length; i++) {
      trials = charts[i].result?.trials.length ?? trials;
      expect(charts[i].at - charts[i - 1].at).toBeGreaterThanOrEqual(chartIntervalMs(trials));
    }
    expect(charts.length).toBeGreaterThan(5);
  });
});
