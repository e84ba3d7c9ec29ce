// `fast workloads` and `fast import`, and the --workload resolution every command shares (cli/workload-arg.ts):
// outputs computed from the graphs, files of every supported type, exit 2 with one line on any bad input.
import { describe, expect, it, beforeAll } from 'vitest';
import { mkdtempSync, writeFileSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import onnxProto from 'onnx-proto';
import { main } from '../../cli/main';
import { resolveWorkload } from '../../cli/workload-arg';
import { fsReason, readText } from '../../cli/errors';
import { closestNames } from '../../shared/workload/suggest';
import { zooNames, zooWorkload, workloadCounts, importOnnx } from '../../shared/workload/index';

const { onnx } = onnxProto;

async function run(argv: string[]) {
  let out = '', err = '';
  const code = await main(argv, { out: (s) => { out += s; }, err: (s) => { err += s; } });
  return { code, out, err };
}

const dir = mkdtempSync(join(tmpdir(), 'fast-workloads-'));
const f = (name: string) => join(dir, name);
const onnxBytes = onnx.ModelProto.encode(onnx.ModelProto.create({
  irVersion: 7, opsetImport: [{ domain: '', version: 13 }],
  graph: {
    name: 'g',
    node: [
      { opType: 'Conv', input: ['x', 'k'], output: ['a'], name: 'conv', attribute: [{ name: 'pads', type: 7, ints: [1, 1, 1, 1] }] },
      { opType: 'Relu', input: ['a'], output: ['b'], name: 'relu' },
      { opType: 'Mystery', input: ['b'], output: ['c'], name: 'mystery' },
    ],
    initializer: [{ name: 'k', dims: [8, 3, 3, 3], dataType: 1 }],
    input: [{ name: 'x', type: { tensorType: { elemType: 1, shape: { dim: [{ dimParam: 'N' }, { dimValue: 3 }, { dimValue: 16 }, { dimValue: 16 }] } } } }],
  },
})).finish();

beforeAll(() => {
  writeFileSync(f('topo.csv'), 'Layer name, IFMAP Height, IFMAP Width, Filter Height, Filter Width, Channels, Num Filter, Strides,\nc1, 56, 56, 3, 3, 64, 64, 1,\ndw_DP, 56, 56, 3, 3, 64, 1, 1,\n');
  writeFileSync(f('layer.yaml'), 'problem:\n  shape: {name: conv}\n  instance: {C: 64, M: 128, R: 3, S: 3, P: 28, Q: 28, N: 4}\n');
  writeFileSync(f('model.onnx'), onnxBytes);
  writeFileSync(f('one-byte.onnx'), new Uint8Array([0x08]));
  writeFileSync(f('teaching.json'), JSON.stringify(zooWorkload('teaching-cnn')));
  const { name: _n, source: _s, ...bare } = zooWorkload('teaching-cnn');
  writeFileSync(f('bare.json'), JSON.stringify(bare));
  writeFileSync(f('bad.json'), '{"name": "x", ');
  const broken = zooWorkload('teaching-cnn');
  (broken.ops[2] as { conv2d: { groups: number } }).conv2d.groups = 5;
  writeFileSync(f('broken.json'), JSON.stringify(broken));
  writeFileSync(f('bad.csv'), 'Layer name, IFMAP Height,\nc1, 56, x, 3, 3, 64, 64, 1,\n');
  writeFileSync(f('bad.yaml'), 'problem:\n  instance: {C: 3\n');
  writeFileSync(f('notes.txt'), 'hello');
  writeFileSync(f('huge.csv'), 'x'.repeat((1 << 20) + 1));
});

describe('fast workloads', () => {
  it('--json lists every zoo workload with counts from its graph', async () => {
    const r = await run(['workloads', '--json']);
    expect(r.code).toBe(0);
    const rows = JSON.parse(r.out);
    expect(rows.map((x: { name: string }) => x.name)).toEqual(zooNames());
    for (const row of rows) {
      const w = zooWorkload(row.name);
      const c = workloadCounts(w);
      expect(row).toEqual({
        name: row.name, ops: w.ops.length, macs: c.macs, params: c.params, source: 'zoo',
        ...(w.llm ? { activeParams: w.llm.activeParams, kvBytesPerToken: w.llm.kvBytesPerToken } : {}),
      });
    }
    expect(rows[0]).toMatchObject({ name: 'efficientnet-b0', params: 5_288_548 });
  });

  it('prints a table by default', async () => {
    const r = await run(['workloads']);
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/^name\s+ops\s+GMACs\/sample\s+M params\s+M active\s+KiB KV\/token\s+source/);
    expect(r.out).toMatch(/\nmixtral-8x7b\s+\d+\s+[\d.]+\s+46700\s+12880\s+128\s+zoo/);
    expect(r.out).toMatch(/\nresnet50-v2\s+172\s+4\.089\s+25\.55\s+zoo/);
    expect(r.out).toMatch(/\nresnet50-v1\.5\s+176\s+4\.089\s+25\.56\s+zoo\s+ResNet-50 v1\.5 /);
    expect(r.out).toMatch(/\nssd-resnet34\s+153\s+216\.4\s+19\.97\s+zoo .*non-maximum suppression/);
    expect(r.out).toMatch(/\nbert-base-1024 .*position embeddings extended from 512 to 1024/);
  });
});

describe('fast import', () => {
  it('--json prints the WorkloadSpec of each file type', async () => {
    const csv = JSON.parse((await run(['import', f('topo.csv'), '--json'])).out);
    expect(csv).toMatchObject({ name: 'topo', source: 'scalesim' });
    expect(csv.ops[1]).toMatchObject({ name: 'dw_DP', conv2d: { groups: 64 } });
    const yaml = JSON.parse((await run(['import', f('layer.yaml'), '--json'])).out);
    expect(yaml).toMatchObject({ name: 'layer', source: 'timeloop', defaultBatch: 4, ops: [{ name: 'conv', conv2d: { outHeight: 28, inHeight: 30 } }] });
    const json = await run(['import', f('teaching.json'), '--json']);
    expect(JSON.parse(json.out)).toEqual(zooWorkload('teaching-cnn'));
    const bare = JSON.parse((await run(['import', f('bare.json'), '--json'])).out);
    expect(bare).toMatchObject({ name: 'bare', source: 'json' });
  });

  it('ONNX: the JSON equals the importer’s result; warnings go to stderr, one line each', async () => {
    const r = await run(['import', f('model.onnx'), '--json']);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.out)).toEqual(importOnnx(onnxBytes, { name: 'model' }));
    expect(r.err).toBe('warning: onnx: 1 op not supported and skipped (not costed): Mystery ×1; their outputs are taken as graph inputs\n');
  });

  it('prints a summary by op kind by default, and can write a SCALE-Sim CSV', async () => {
    const r = await run(['import', f('topo.csv'), '--scalesim', f('out.csv')]);
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/^topo \(scalesim\): SCALE-Sim topology \(2 layers, independent, batch 1\)\n {2}2 ops, 6 tensors, 0\.1092 G multiply-adds/);
    expect(r.out).toMatch(/\nconv2d\s+2\s+109175040\s+373248\n$/); // 54·54·64·(3·3·64) + 54·54·64·(3·3)
    expect(readFileSync(f('out.csv'), 'utf8')).toBe('Layer name, IFMAP Height, IFMAP Width, Filter Height, Filter Width, Channels, Num Filter, Strides,\nc1, 56, 56, 3, 3, 64, 64, 1,\ndw_DP, 56, 56, 3, 3, 64, 1, 1,\n');
  });

  it('any bad input exits 2 with one line naming the problem', async () => {
    const cases: [string[], RegExp][] = [
      [['import', 'nosuch-net'], /^fast: unknown workload "nosuch-net": not a zoo workload \(efficientnet-b0…b7, .*teaching-cnn and the LLMs .*mixtral-8x7b\) or a \.json\/\.onnx\/\.csv\/\.yaml\/\.yml file$/],
      [['import', f('missing.onnx')], /^fast: cannot read workload file ".*missing\.onnx": no such file \[ENOENT\]$/],
      [['import', 'missing.csv'], /^fast: cannot read workload file "missing\.csv": no such file \[ENOENT\]$/],
      [['simulate', '--workload', f('missing.yaml'), '--hardware', 'tpu-v3'], /^fast: cannot read workload file ".*missing\.yaml": no such file \[ENOENT\]$/],
      [['import', 'efficientnet-b9'], /^fast: unknown workload "efficientnet-b9" \(did you mean "efficientnet-b0", "efficientnet-b1" or "efficientnet-b2"\?\): not a zoo workload \(efficientnet-b0…b7, /],
      [['import', 'resnet50'], /^fast: unknown workload "resnet50" \(did you mean "resnet50-v2"/],
      [['simulate', '--workload', 'teaching', '--hardware', 'tpu-v3'], /^fast: unknown workload "teaching" \(did you mean "teaching-cnn"\?\): not a zoo workload/],
      [['import', f('one-byte.onnx')], /^fast: workload file ".*one-byte\.onnx": onnx: not a valid ONNX model \(protobuf decoding failed: index out of range/],
      [['import', f('bad.json')], /^fast: workload file ".*bad\.json": invalid JSON \(/],
      [['import', f('broken.json')], /^fast: workload file ".*broken\.json": ops\[2\] "dw2": conv2d\.groups must divide inChannels \(got 5 for 16\)/],
      [['import', f('bad.csv')], /^fast: workload file ".*bad\.csv": topology line 2: IFMAP Width must be a whole number/],
      [['import', f('bad.yaml')], /^fast: workload file ".*bad\.yaml": timeloop: YAML error at line 3/],
      [['import', 'notes.txt'], /^fast: unknown workload "notes\.txt": not a zoo workload/],
      [['import', join(dir, 'sub', 'notes.txt')], /^fast: workload file ".*notes\.txt": unsupported type "\.txt" \(use \.json, \.onnx, \.csv, \.yaml, \.yml\)$/],
      [['import', f('huge.csv')], /^fast: workload file ".*huge\.csv" is 1048577 bytes; at most 1048576 are read for \.csv$/],
      [['import', dir + '/sub.csv/'], /^fast: cannot read workload file/],
      [['import'], /^fast: missing required argument 'file'$/],
      [['workloads', '--bogus'], /^fast: unknown option '--bogus'$/],
    ];
    for (const [argv, want] of cases) {
      const r = await run(argv);
      expect(r.code, argv.join(' ')).toBe(2);
      expect(r.out, argv.join(' ')).toBe('');
      expect(r.err.trim().split('\n'), argv.join(' ')).toHaveLength(1);
      expect(r.err.trim(), argv.join(' ')).toMatch(want);
    }
  });

  it('a file error names its reason in plain words, the code in brackets', async () => {
    const err = (code: string, message = `${code}: whatever, open 'x'`) => Object.assign(new Error(message), { code });
    expect(fsReason(err('ENOENT'))).toBe('no such file [ENOENT]');
    expect(fsReason(err('EACCES'))).toBe('permission denied [EACCES]');
    expect(fsReason(err('EISDIR'))).toBe('is a directory [EISDIR]');
    expect(fsReason(err('ENOTDIR'))).toBe('a part of the path is not a directory [ENOTDIR]');
    expect(fsReason(err('ELOOP'))).toBe('too many symbolic links (a link loop?) [ELOOP]');
    // A code without an entry keeps Node's words; no code: the message; never a bare code.
    expect(fsReason(err('EWEIRD', "EWEIRD: something odd happened, read 'x'"))).toBe('something odd happened [EWEIRD]');
    expect(fsReason(err('EWEIRD', 'EWEIRD'))).toBe('system error [EWEIRD]');
    expect(fsReason(new Error('it broke'))).toBe('it broke');
    await expect(readText(f('missing.cfg'), 'config')).rejects.toThrow(/^cannot read config ".*missing\.cfg": no such file \[ENOENT\]$/);
    await expect(readText(f('sub') + '/nothing/x.cfg', 'config')).rejects.toThrow(/: no such file \[ENOENT\]$/);
  });

  it('a mistyped zoo name gets the closest names, best first; a far-off one gets none', () => {
    const zoo = zooNames();
    expect(closestNames('efficientnet-b9', zoo)).toEqual(['efficientnet-b0', 'efficientnet-b1', 'efficientnet-b2']);
    expect(closestNames('resnet50', zoo)[0]).toBe('resnet50-v2');
    expect(closestNames('EfficientNet-B3', zoo)[0]).toBe('efficientnet-b3');
    expect(closestNames('mobilenet_v2', zoo)[0]).toBe('mobilenet-v2');
    expect(closestNames('nosuch-net', zoo)).toEqual([]);
    expect(closestNames('x', zoo)).toEqual([]);
  });

  it('resolveWorkload: zoo names give fresh zoo specs; files give imported ones', async () => {
    expect(await resolveWorkload('mobilenet-v2')).toEqual(zooWorkload('mobilenet-v2'));
    expect((await resolveWorkload(f('topo.csv'))).source).toBe('scalesim');
  });
});
