// A simulation says what its workload's import left out: the importer's warnings travel in the report
// (SimulateReport.workloadWarnings, shown by Explore), and a zoo workload's report has none.
import { describe, expect, it } from 'vitest';
import { loadCore } from '../../shared/core/loader';
import { simulate } from '../../shared/api/simulate';
import { NO_PASSES } from '../../shared/compiler/passes';
import { PRESETS } from '../../shared/hardware';
import { parseWorkload, zooWorkload } from '../../shared/workload';
import { tinyWorkload } from '../fixtures/tiny-workload';

describe('simulate reports the workload\'s import warnings', async () => {
  const core = await loadCore();
  const hardware = { ...PRESETS['tpu-v3'], batch: 2 };

  it('a workload with warnings carries them into the report, unchanged', () => {
    const warnings = ['onnx: 2 ops not supported and skipped (not costed): Resize ×2; their outputs are taken as graph inputs'];
    const w = { ...tinyWorkload, tensors: tinyWorkload.tensors.map((t) => (['s', 'q', 'k'].includes(t.name) ? { ...t, kind: 'input' as const } : t)), warnings };
    const r = simulate(core, undefined, { workload: parseWorkload(w, 'test'), hardware, hardwareName: 'tpu-v3', passes: NO_PASSES });
    expect(r.workloadWarnings).toEqual(warnings);
  });

  it('a zoo workload\'s report has no such field (the golden reports stay as they are)', () => {
    const r = simulate(core, undefined, { workload: zooWorkload('teaching-cnn'), hardware, hardwareName: 'tpu-v3', passes: NO_PASSES });
    expect('workloadWarnings' in r).toBe(false);
  });
});
