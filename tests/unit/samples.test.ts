// The Import view's sample files (web/src/lib/samples.ts), generated from the zoo's teaching CNN and a design, import
// back through the repository's own importers to the same layers: the ONNX model and the FAST JSON to every op's
// MACs, the SCALE-Sim topology and the Timeloop problems to the conv and dense layers' MACs, and the .cfg to the
// design's array and dataflow. A graph the ONNX writer cannot express is refused in one line.
import { describe, expect, it } from 'vitest';
import { PRESETS } from '../../shared/hardware';
import { exportScalesimCsv, importOnnx, importScalesimCsv, importTimeloop, parseWorkload, workloadCounts, zooWorkload } from '../../shared/workload/index';
import { parseScalesimConfig } from '../../shared/workload/importers/scalesim';
import { designFromScalesimConfig } from '../../web/src/lib/import-files';
import { onnxModel, sampleFiles, scalesimCfg, timeloopYaml, workloadJson } from '../../web/src/lib/samples';

const w = zooWorkload('teaching-cnn');
const macs = (x: Parameters<typeof workloadCounts>[0]) => workloadCounts(x).macs;
const gemmMacs = (x: Parameters<typeof workloadCounts>[0]) =>
  workloadCounts(x).ops.filter((_, i) => x.ops[i].kind === 'conv2d' || x.ops[i].kind === 'matmul').reduce((s, o) => s + o.macs, 0);

describe('sample files for the Import view', () => {
  it('has one file per format the view reads', async () => {
    const files = await sampleFiles(w, PRESETS['teaching-8x8']);
    expect(files.map((f) => f.kind)).toEqual(['onnx', 'scalesim', 'scalesim-cfg', 'timeloop', 'json']);
    expect(files.map((f) => f.name)).toEqual(['teaching-cnn.onnx', 'teaching-cnn.csv', 'teaching-cnn.cfg', 'teaching-cnn.yaml', 'teaching-cnn.json']);
  });

  it('the ONNX model imports to the same ops and MACs', async () => {
    const back = importOnnx(await onnxModel(w));
    expect(macs(back)).toBe(macs(w));
    expect(back.ops.filter((o) => o.kind === 'conv2d').map((o) => o.kind === 'conv2d' && o.conv2d.groups))
      .toEqual(w.ops.filter((o) => o.kind === 'conv2d').map((o) => o.kind === 'conv2d' && o.conv2d.groups));
    expect(back.ops.map((o) => o.kind).sort()).toEqual(w.ops.map((o) => o.kind).sort());
  });

  it('the SCALE-Sim topology and the Timeloop problems carry the conv and dense layers\' MACs', async () => {
    const files = await sampleFiles(w, PRESETS['teaching-8x8']);
    const text = (kind: string) => files.find((f) => f.kind === kind)!.body as string;
    expect(text('scalesim')).toBe(exportScalesimCsv(w).text); // the repository's exporter
    expect(gemmMacs(importScalesimCsv(text('scalesim'), { name: 'x' }))).toBe(gemmMacs(w));
    expect(text('timeloop')).toBe(timeloopYaml(w));
    const tl = importTimeloop(text('timeloop'));
    expect(macs(tl)).toBe(gemmMacs(w));
    expect(tl.defaultBatch).toBe(w.defaultBatch);
  });

  it('the .cfg gives back the design\'s array and dataflow without warnings', () => {
    for (const p of ['teaching-8x8', 'tpu-v3'] as const) {
      const d = PRESETS[p];
      const { config, warnings } = parseScalesimConfig(scalesimCfg(d, 'x'));
      expect(warnings).toEqual([]);
      const back = designFromScalesimConfig(config);
      expect('spec' in back && [back.spec.arrayRows, back.spec.arrayCols, back.spec.dataflow]).toEqual([d.arrayRows, d.arrayCols, d.dataflow]);
    }
  });

  it('the FAST JSON is the workload itself', () => {
    expect(parseWorkload(JSON.parse(workloadJson(w)))).toEqual(w);
  });

  it('a graph the ONNX writer cannot express is refused in one line', async () => {
    await expect(onnxModel(zooWorkload('efficientnet-b0'))).rejects.toThrow(/^sample: \S+ \((elementwise \w+|\w+)\) is not written by the ONNX sample writer$/);
  });
});

