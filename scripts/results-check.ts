// `npm run results:check`: is docs/results.json (and so docs/results.md) still what the current model gives?
// A full reproduction searches for 20 minutes; this replays it instead: the same `reproduce()` code path, with a
// study runner that returns the designs the recorded run found (single-workload and suite), so every simulated
// number (baseline, software only, each design, the ablation, the means, ROI) is recomputed by today's model and
// compared with the record (relative 1e-12; integers and strings exact). The searches themselves are not re-run:
// with the model's numbers unchanged, a seeded search is too (tests/golden/ holds a seeded study's best design).
// A record made with --sensitivity replays its re-searches the same way (the designs each one found, re-simulated and
// priced with its coefficient table) and recomputes the re-scoring and the TDP convention.
// Exit 0: unchanged; exit 1: one line per differing path (first 20). Usage: node --import tsx scripts/results-check.ts [FILE]
import { readFileSync } from 'node:fs';
import { loadCore } from '../shared/core/loader';
import { loadHighs } from '../shared/compiler/solver';
import { reproduce, researchStudyId, type ReproduceReport } from '../shared/api/reproduce';
import type { HardwareSpec } from '../shared/hardware';
import type { StudyResult } from '../shared/search/study-result';

/** Paths where `actual` differs from `expected`: numbers to a relative tolerance, everything else exactly. */
export function differences(expected: unknown, actual: unknown, rel = 1e-12, path = '', out: string[] = []): string[] {
  if (typeof expected === 'number' && typeof actual === 'number') {
    const ok = Number.isInteger(expected) && Number.isInteger(actual)
      ? expected === actual
      : Math.abs(expected - actual) <= rel * Math.max(Math.abs(expected), Math.abs(actual));
    if (!ok) out.push(`${path}: recorded ${expected}, now ${actual}`);
  } else if (Array.isArray(expected) && Array.isArray(actual)) {
    if (expected.length !== actual.length) out.push(`${path}: recorded ${expected.length} items, now ${actual.length}`);
    for (let i = 0; i < Math.min(expected.length, actual.length); i++) differences(expected[i], actual[i], rel, `${path}[${i}]`, out);
  } else if (expected && actual && typeof expected === 'object' && typeof actual === 'object') {
    const keys = new Set([...Object.keys(expected), ...Object.keys(actual)]);
    for (const k of keys) differences((expected as Record<string, unknown>)[k], (actual as Record<string, unknown>)[k], rel, path ? `${path}.${k}` : k, out);
  } else if (expected !== actual) {
    out.push(`${path}: recorded ${JSON.stringify(expected)}, now ${JSON.stringify(actual)}`);
  }
  return out;
}

/** Replays the recorded reproduction through today's model; returns the differing paths (empty: unchanged). */
export async function replayResults(recorded: ReproduceReport): Promise<string[]> {
  const singles = new Map(recorded.rows.map((r) => [r.workload, r.single]));
  // A re-search's studies (--sensitivity): by their id prefix, the designs that re-search found.
  const research = new Map<string, { singles: Map<string, HardwareSpec | null>; suite: HardwareSpec | null }>();
  const rs = recorded.sensitivity?.research;
  for (const u of rs ? [rs.central, ...rs.runs] : []) {
    research.set(researchStudyId(rs!.trials, u.assumption, u.end), { singles: new Map(u.singles.map((x) => [x.workload, x.hardware])), suite: u.suiteDesign });
  }
  const replay = async (id: string): Promise<StudyResult> => {
    const prefix = /^sens@\d+:[^:]+:/.exec(id)?.[0];
    if (prefix) {
      const found = research.get(prefix);
      const study = id.slice(prefix.length);
      const hardware = study === 'suite' ? found?.suite : found?.singles.get(study.replace(/^single:/, ''));
      if (hardware === undefined) throw new Error(`the record has no design for study "${id}"`);
      return { best: hardware ? { hardware } : null } as unknown as StudyResult;
    }
    const best = id === 'suite' ? recorded.suiteDesign : singles.get(id.replace(/^single:/, ''));
    if (!best) throw new Error(`the record has no design for study "${id}"`);
    return { best: { hardware: best.hardware, areaMm2: best.areaMm2, tdpWatts: best.tdpWatts } } as unknown as StudyResult;
  };
  const [core, highs] = await Promise.all([loadCore(), loadHighs()]);
  const now = await reproduce(recorded.settings, { core, highs, runStudy: replay }, recorded.sensitivity?.settings);
  // `run` (trials and the short-run caveat) is added by the CLI's --json, not by reproduce(): not a model number.
  return differences(JSON.parse(JSON.stringify({ ...recorded, run: undefined })), JSON.parse(JSON.stringify(now)));
}

if (process.argv[1]?.endsWith('results-check.ts')) {
  const file = process.argv[2] ?? new URL('../docs/results.json', import.meta.url).pathname;
  const recorded = JSON.parse(readFileSync(file, 'utf8')) as ReproduceReport;
  const t0 = performance.now();
  const diffs = await replayResults(recorded);
  const seconds = ((performance.now() - t0) / 1000).toFixed(1);
  if (diffs.length) {
    for (const d of diffs.slice(0, 20)) console.log(d);
    console.log(`${diffs.length} number(s) differ from ${file} (${seconds} s): re-run the reproduction (fast reproduce --json) and npm run results`);
    process.exit(1);
  }
  console.log(`${file}: every recorded number is what the model gives now (${recorded.rows.length} workloads, ${seconds} s)`);
}
