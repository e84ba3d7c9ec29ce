// The search's objective option: Perf/TDP (the default) or inferences per joule. The objective is validated with one
// line, carried by the study into the evaluation request, its checkpoints and its result; an energy study's gains are
// the design's inferences/J (energyOf over the simulated activity) over tpu-v3's with the baseline software at the
// same batch; the default objective's numbers do not change; `fast search --objective`; a checkpoint written before
// studies had an objective resumes as a Perf/TDP study; the page's form carries the objective and loads old searches.
import { describe, expect, it } from 'vitest';
import { loadCore } from '../../shared/core/loader';
import { loadHighs } from '../../shared/compiler/solver';
import { PRESETS, type HardwareSpec } from '../../shared/hardware';
import { ALL_PASSES, NO_PASSES } from '../../shared/compiler/passes';
import { simulate } from '../../shared/api/simulate';
import {
  TrialEvaluator, evaluationSettings, inProcessScorer, normalizeStudy, runStudy, validateCheckpoint,
  type Checkpoint, type StudyInput, type StudySpec, type TrialScorer,
} from '../../shared/search/index';
import { baselineResult } from '../../shared/search/baseline';
import { main } from '../../cli/main';
import { defaultForm, formFromStudy, studyInput } from '../../web/src/lib/search-form';
import { validateSearchRecord, workloadDigest } from '../../web/src/lib/search-record';
import { tinyWorkload } from '../fixtures/tiny-workload';
import type { WorkloadSpec } from '../../shared/workload/types';

const tpu = PRESETS['tpu-v3'];
const small: HardwareSpec = { ...tpu, cores: 2, arraysPerCore: 4, arrayRows: 32, arrayCols: 64, vectorLanesPerCore: 1024, localMemoryMiB: 2, globalMemoryMiB: 16, dramStacks: 2, clockGhz: 1.2 };
const roundTrip = <T>(x: T): T => JSON.parse(JSON.stringify(x));
/**
 * The tiny workload as a whole graph the workload schema accepts (the fixture is a lowering test's: the residual
 * input and the attention operands are produced by no op there, so here they are the graph's inputs).
 */
const tiny: WorkloadSpec = {
  ...tinyWorkload,
  tensors: tinyWorkload.tensors.map((t) => (['s', 'q', 'k'].includes(t.name) ? { ...t, kind: 'input' as const } : t)),
};

/** Scores a study's designs in this realm, on the tiny workload given as JSON (as an imported workload crosses). */
const tinyScorer = (study: StudySpec): TrialScorer => {
  const s = inProcessScorer(loadCore, loadHighs, { ...evaluationSettings(study), workloads: [tiny] });
  return { lanes: 2, score: (designs) => s.score(designs) };
};
const tinyStudy = (extra: Partial<StudyInput> = {}) =>
  normalizeStudy({ workloads: ['tiny'], trials: 24, seed: 5, trialsPerBatch: 8, algorithm: 'evolution', ...extra });

async function cli(argv: string[]) {
  let out = '', err = '';
  const code = await main(argv, { out: (s) => { out += s; }, err: (s) => { err += s; } });
  return { code, out, err };
}

describe('the objective setting', () => {
  it('defaults to perf-per-tdp, accepts inferences-per-joule, refuses anything else in one line naming the choices', () => {
    expect(normalizeStudy({ workloads: ['tiny'] }).objective).toBe('perf-per-tdp');
    const energy = normalizeStudy({ workloads: ['tiny'], objective: 'inferences-per-joule' });
    expect(energy.objective).toBe('inferences-per-joule');
    expect(evaluationSettings(energy).objective).toBe('inferences-per-joule');
    expect(evaluationSettings(normalizeStudy({ workloads: ['tiny'] })).objective).toBe('perf-per-tdp');
    for (const bad of ['joules', '', 42, 'Perf/TDP']) {
      expect(() => normalizeStudy({ workloads: ['tiny'], objective: bad as never }))
        .toThrow(new RegExp(`^unknown objective .* \\(use perf-per-tdp or inferences-per-joule\\)$`));
    }
    expect(() => normalizeStudy({ workloads: ['tiny'], objective: 'joules' as never })).toThrow('unknown objective "joules" (use perf-per-tdp or inferences-per-joule)');
  });

  it('the evaluation request refuses an unknown objective with one line', async () => {
    const ev = new TrialEvaluator(await loadCore(), loadHighs);
    await expect(ev.evaluate({ workloads: [tiny], batch: 8, objective: 'watts' as never, designs: [tpu] }))
      .rejects.toThrow('objective must be perf-per-tdp or inferences-per-joule (got "watts")');
  });
});

describe('evaluation on the energy objective', async () => {
  const core = await loadCore();
  const highs = await loadHighs();
  const ev = new TrialEvaluator(core, loadHighs);
  const sim = (h: HardwareSpec, batch: number, passes: typeof ALL_PASSES) =>
    simulate(core, highs, { workload: tiny, hardware: { ...h, batch }, hardwareName: 'x', batch, passes });

  it('gain = the design\'s inferences/J with all passes ÷ tpu-v3\'s with none, at the same batch; Perf/TDP is untouched', async () => {
    for (const batch of [4, 32]) {
      const designs = [tpu, small];
      const perf = await ev.evaluate({ workloads: [tiny], batch, designs });
      const perfNamed = await ev.evaluate({ workloads: [tiny], batch, objective: 'perf-per-tdp', designs });
      const energy = await ev.evaluate({ workloads: [tiny], batch, objective: 'inferences-per-joule', designs });
      expect(perfNamed).toEqual(perf); // the default spelled out is the default
      const base = baselineResult(core, tiny, batch);
      designs.forEach((h, i) => {
        const [p, e] = [perf[i], energy[i]];
        expect(p.status).toBe('ok');
        expect(e.status).toBe('ok');
        const pw = p.workloads[0], ew = e.workloads[0];
        // Everything but the gain is the same record; the Perf/TDP gain is Perf/TDP's ratio.
        expect({ ...ew, gainVsTpuV3: 0 }).toEqual({ ...pw, gainVsTpuV3: 0 });
        expect(pw.gainVsTpuV3).toBe(pw.perfPerTdp / pw.baselinePerfPerTdp);
        expect(ew.gainVsTpuV3).toBe(ew.inferencesPerJoule! / ew.baselineInferencesPerJoule!);
        expect(e.gainVsTpuV3).toBe(ew.gainVsTpuV3); // one workload: the suite score is its gain
        expect(e.perfPerTdp).toBe(p.perfPerTdp);
        // The design's energy is `fast simulate`'s with all passes; the baseline's, tpu-v3's with none.
        expect(ew.inferencesPerJoule).toBe(sim(h, batch, ALL_PASSES).energy.inferencesPerJoule);
        expect(ew.baselineInferencesPerJoule).toBe(sim(tpu, batch, NO_PASSES).energy.inferencesPerJoule);
        expect(ew.baselineInferencesPerJoule).toBe(base.inferencesPerJoule);
        expect(ew.baselinePerfPerTdp).toBe(base.perfPerTdp);
        expect(Number.isFinite(ew.inferencesPerJoule) && ew.inferencesPerJoule! > 0).toBe(true);
      });
      // The two objectives measure different things: tpu-v3 with all passes does not gain the same on both.
      expect(energy[0].gainVsTpuV3).not.toBe(perf[0].gainVsTpuV3);
    }
  });
});

describe('a study on the energy objective', () => {
  it('its gains are inferences/J ratios, its best and best-so-far follow them, its result records the objective', async () => {
    const study = tinyStudy({ objective: 'inferences-per-joule' });
    const r = await runStudy({ study, workloadDigest: 'tiny', scorer: tinyScorer(study) });
    expect(r.complete).toBe(true);
    expect(r.study.objective).toBe('inferences-per-joule');
    const ok = r.trials.filter((t) => t.status === 'ok');
    expect(ok.length).toBeGreaterThan(4);
    for (const t of ok) {
      const w = t.workloads[0];
      expect(t.gainVsTpuV3).toBe(w.inferencesPerJoule! / w.baselineInferencesPerJoule!);
    }
    expect(r.best!.gainVsTpuV3).toBe(Math.max(...ok.map((t) => t.gainVsTpuV3!)));
    expect(r.bestSoFar.at(-1)).toBe(r.best!.gainVsTpuV3);
    // Same seed, same study: identical; the Perf/TDP study of the same seed is another study with other gains.
    expect(await runStudy({ study, workloadDigest: 'tiny', scorer: tinyScorer(study) })).toEqual(r);
    const perf = tinyStudy();
    const p = await runStudy({ study: perf, workloadDigest: 'tiny', scorer: tinyScorer(perf) });
    expect(p.study.objective).toBe('perf-per-tdp');
    for (const t of p.trials.filter((x) => x.status === 'ok')) expect(t.gainVsTpuV3).toBe(t.workloads[0].perfPerTdp / t.workloads[0].baselinePerfPerTdp);
    expect(p.trials[0].gainVsTpuV3).not.toBe(r.trials[0].gainVsTpuV3);
  });
});

describe('checkpoints and the objective', () => {
  /** A study stopped after its second batch: the checkpoint a file would hold. */
  async function stopped(study: StudySpec): Promise<Checkpoint> {
    const abort = new AbortController();
    let saved: Checkpoint | undefined;
    await runStudy({
      study, workloadDigest: 'tiny', scorer: tinyScorer(study), signal: abort.signal,
      onCheckpoint: (cp, when) => { if (when === 'batch' && cp.trials.length >= 16) { saved = roundTrip(cp); abort.abort(); } },
    });
    return saved!;
  }

  it('a checkpoint written before studies had an objective (no field, no inferences/J) resumes as a Perf/TDP study', async () => {
    const study = tinyStudy();
    const full = await runStudy({ study, workloadDigest: 'tiny', scorer: tinyScorer(study) });
    const cp = await stopped(study);
    // What an older version wrote: the study without `objective`, the trials without inferences per joule.
    const old = roundTrip(cp);
    delete (old.study as Partial<StudySpec>).objective;
    for (const t of old.trials) for (const w of t.workloads) { delete w.inferencesPerJoule; delete w.baselineInferencesPerJoule; }
    expect(Object.keys(old.study)).not.toContain('objective');
    const resume = validateCheckpoint(old, study, 'tiny');
    const resumed = await runStudy({ study, workloadDigest: 'tiny', scorer: tinyScorer(study), resume });
    expect(resumed.study.objective).toBe('perf-per-tdp');
    expect(resumed.complete).toBe(true);
    // The same designs and gains as the uninterrupted run; the restored trials keep what the old file held.
    expect(resumed.trials.map((t) => [t.hardware, t.gainVsTpuV3, t.perfPerTdp])).toEqual(full.trials.map((t) => [t.hardware, t.gainVsTpuV3, t.perfPerTdp]));
    expect(resumed.trials.slice(0, old.trials.length)).toEqual(old.trials);
    expect(resumed.trials.slice(old.trials.length)).toEqual(full.trials.slice(old.trials.length));
    expect(resumed.best!.gainVsTpuV3).toBe(full.best!.gainVsTpuV3);
  });

  it('an old checkpoint is not an energy study\'s; an energy checkpoint resumes, and its trials must carry inferences/J', async () => {
    const energy = tinyStudy({ objective: 'inferences-per-joule' });
    const perfCp = await stopped(tinyStudy());
    delete (perfCp.study as Partial<StudySpec>).objective;
    expect(() => validateCheckpoint(perfCp, energy, 'tiny'))
      .toThrow('checkpoint belongs to another study: objective is "perf-per-tdp" in the checkpoint but "inferences-per-joule" now');

    const cp = await stopped(energy);
    expect(cp.study.objective).toBe('inferences-per-joule');
    const full = await runStudy({ study: energy, workloadDigest: 'tiny', scorer: tinyScorer(energy) });
    const resumed = await runStudy({ study: energy, workloadDigest: 'tiny', scorer: tinyScorer(energy), resume: validateCheckpoint(cp, energy, 'tiny') });
    expect(resumed).toEqual(full);
    expect(() => validateCheckpoint(cp, tinyStudy(), 'tiny'))
      .toThrow('checkpoint belongs to another study: objective is "inferences-per-joule" in the checkpoint but "perf-per-tdp" now');
    const damaged = roundTrip(cp);
    const i = damaged.trials.findIndex((t) => t.status === 'ok');
    delete damaged.trials[i].workloads[0].baselineInferencesPerJoule;
    expect(() => validateCheckpoint(damaged, energy, 'tiny')).toThrow(`checkpoint is damaged: trials[${i}].workloads[0].baselineInferencesPerJoule`);
  });
});

describe('fast search --objective', () => {
  it('a bad value exits 2 with one line naming the flag and the choices', async () => {
    for (const bad of ['energy', 'Perf/TDP', '']) {
      const r = await cli(['search', '--workload', 'teaching-cnn', '--trials', '4', '--objective', bad]);
      expect(r.code).toBe(2);
      expect(r.out).toBe('');
      expect(r.err.trim().split('\n')).toHaveLength(1);
      expect(r.err.trim()).toBe(`fast: --objective must be perf-per-tdp or inferences-per-joule (got "${bad}")`);
    }
  });

  it('inferences-per-joule: the JSON records the objective and its gains are inferences/J ratios; the summary names it', async () => {
    const args = ['search', '--workload', 'teaching-cnn', '--trials', '8', '--seed', '3', '--algorithm', 'random', '--workers', '1', '--trials-per-batch', '4'];
    const j = await cli([...args, '--objective', 'inferences-per-joule', '--json']);
    expect(j.code, j.err).toBe(0);
    const r = JSON.parse(j.out);
    expect(r.study.objective).toBe('inferences-per-joule');
    const ok = r.trials.filter((t: { status: string }) => t.status === 'ok');
    expect(ok.length).toBeGreaterThan(0);
    for (const t of ok) expect(t.gainVsTpuV3).toBe(t.workloads[0].inferencesPerJoule / t.workloads[0].baselineInferencesPerJoule);
    const h = await cli([...args, '--objective', 'inferences-per-joule']);
    expect(h.code, h.err).toBe(0);
    expect(h.out).toMatch(/^objective: inferences\/J \(inferences per joule of energy\) with all passes vs tpu-v3/m);
    expect(h.out).toMatch(/best \(trial \d+\): [\d.]+× tpu-v3 on inferences\/J — inferences\/J [\d.e+]+ \/J/);
    expect(h.out).toMatch(/tpu-v3 inferences\/J/);
    expect(h.out).toMatch(/Pareto front \(inferences\/J max, area min, TDP min\)/);
    // Without the flag the study is a Perf/TDP study, and the summary says so.
    const none = await cli([...args, '--json']);
    const p = JSON.parse(none.out);
    expect(p.study.objective).toBe('perf-per-tdp');
    for (const t of p.trials.filter((x: { status: string }) => x.status === 'ok')) expect(t.gainVsTpuV3).toBe(t.workloads[0].perfPerTdp / t.workloads[0].baselinePerfPerTdp);
    const dh = await cli([...args, '--objective', 'perf-per-tdp']);
    expect(dh.out).toMatch(/^objective: Perf\/TDP \(inferences\/s per W of TDP\) with all passes/m);
    expect(dh.out).toMatch(/Pareto front \(Perf\/TDP max, area min, TDP min\)/);
  });
});

describe('the page\'s study form and saved search', () => {
  it('the objective select reaches the study only when changed, and a study (with or without one) restores the form', () => {
    const f = defaultForm('teaching-cnn');
    expect(f.objective).toBe('perf-per-tdp');
    expect(studyInput(f)).not.toHaveProperty('objective'); // the default form is `fast search`'s default study
    expect(normalizeStudy(studyInput(f))).toEqual(normalizeStudy({ workloads: ['teaching-cnn'] }));
    f.objective = 'inferences-per-joule';
    const s = normalizeStudy(studyInput(f));
    expect(s.objective).toBe('inferences-per-joule');
    expect(formFromStudy(s).objective).toBe('inferences-per-joule');
    expect(normalizeStudy(studyInput(formFromStudy(s)))).toEqual(s);
    const old = { ...normalizeStudy({ workloads: ['teaching-cnn'] }) };
    delete old.objective;
    expect(formFromStudy(old).objective).toBe('perf-per-tdp');
  });

  it('a search saved before studies had an objective loads as a Perf/TDP study', async () => {
    const study = normalizeStudy({ workloads: ['teaching-cnn'], trials: 8, seed: 2, trialsPerBatch: 4, algorithm: 'random' });
    const settings = { ...evaluationSettings(study), workloads: study.workloads };
    const scorer = inProcessScorer(loadCore, loadHighs, settings);
    const digest = workloadDigest(['teaching-cnn']);
    let cp: Checkpoint | undefined;
    await runStudy({ study, workloadDigest: digest, scorer, onCheckpoint: (c, when) => { if (when === 'batch') cp = roundTrip(c); } });
    delete (cp!.study as Partial<StudySpec>).objective;
    for (const t of cp!.trials) for (const w of t.workloads) { delete w.inferencesPerJoule; delete w.baselineInferencesPerJoule; }
    const rec = validateSearchRecord({ status: 'done', checkpoint: cp, payload: ['teaching-cnn'], workers: 2, elapsedSeconds: 1 });
    expect(rec.checkpoint.study.objective).toBe('perf-per-tdp');
    expect(rec.checkpoint.trials).toHaveLength(8);
    // The same trials under an energy study are refused: its gains are made of the inferences/J they lack.
    expect(() => validateSearchRecord({ status: 'done', checkpoint: { ...cp!, study: { ...cp!.study, objective: 'inferences-per-joule' } }, payload: ['teaching-cnn'], workers: 2, elapsedSeconds: 1 }))
      .toThrow(/checkpoint is damaged: trials\[\d+\]\.workloads\[0\]\.inferencesPerJoule/);
  });
});
