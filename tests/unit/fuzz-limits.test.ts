// Limits with clear messages (docs/model.md §8): inputs past every size limit are refused with one line naming the
// limit — files (hardware, SCALE-Sim topology and .cfg), graphs (ONNX nodes in bounded time, YAML nesting), links
// (at most ten messages), the Wasm core's batch size — and the bounded-work fixes the fuzzers led to hold at scale.
import { describe, expect, it } from 'vitest';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import onnxProto from 'onnx-proto';
import { main } from '../../cli/main';
import { MAX_HARDWARE_FILE_BYTES } from '../../cli/hardware-arg';
import { importOnnx, importTimeloop, zooNames } from '../../shared/workload/index';
import { MAX_TOPOLOGY_BYTES } from '../../shared/workload/importers/scalesim';
import { MAX_YAML_DEPTH } from '../../shared/workload/importers/timeloop';
import { MAX_LINK_ISSUES, parseUrlState } from '../../shared/url-state';
import { GraphBuilder } from '../../shared/workload/builder';
import { loadCore } from '../../shared/core/loader';
import { runRaw } from '../fuzz/raw-core';

const { onnx } = onnxProto;
const dir = mkdtempSync(join(tmpdir(), 'fast-limits-'));

async function run(argv: string[]) {
  let out = '', err = '';
  const code = await main(argv, { out: (s) => { out += s; }, err: (s) => { err += s; } });
  return { code, out, err };
}

describe('file size limits', () => {
  it('a hardware file over 1 MiB is refused before it is read', async () => {
    const f = join(dir, 'big.json');
    writeFileSync(f, `{"base":"tpu-v3","pad":"${'x'.repeat(MAX_HARDWARE_FILE_BYTES)}"}`);
    const r = await run(['hardware', '--hardware', f]);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/^fast: hardware file ".*big\.json" is \d+ bytes; at most 1048576 are read\n$/);
  });

  it('a SCALE-Sim topology or .cfg over its limit is refused; a folder is not a file', async () => {
    const topo = join(dir, 'big.csv'), cfg = join(dir, 'ok.cfg');
    writeFileSync(topo, 'Layer, M, N, K,\n' + 'fc, 8, 8, 8,\n'.repeat(MAX_TOPOLOGY_BYTES / 8));
    writeFileSync(cfg, '[architecture_presets]\nDataflow: ws\n');
    const r = await run(['scalesim', '--topology', topo, '--config', cfg]);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/^fast: topology ".*big\.csv" is \d+ bytes; at most 1048576 are read\n$/);
    const d = await run(['scalesim', '--topology', dir, '--config', cfg]);
    expect(d.err).toMatch(/^fast: cannot read topology ".*": not a file\n$/);
  });
});

describe('graphs: bounded work and short messages', () => {
  const model = (node: object[]) => onnx.ModelProto.encode(onnx.ModelProto.create({
    irVersion: 8, opsetImport: [{ domain: '', version: 13 }],
    graph: { name: 'g', node, input: [{ name: 'x', type: { tensorType: { elemType: 1, shape: { dim: [{ dimValue: 1 }, { dimValue: 8 }] } } } }], output: [] },
  })).finish();
  const N = 20_000;

  it('an ONNX graph of 20,000 nodes in reverse order, fanned out, or all of one name imports in full', () => {
    const chain = Array.from({ length: N }, (_, i) => ({ opType: 'Relu', input: [i ? `t${i - 1}` : 'x'], output: [`t${i}`], name: `r${i}` }));
    const reversed = importOnnx(model([...chain].reverse()));
    expect(reversed.ops.map((o) => o.name)).toEqual(chain.map((n) => n.name)); // sorted back into execution order
    const fan = importOnnx(model(chain.map((n) => ({ ...n, input: ['x'] }))));
    expect(fan.ops).toHaveLength(N);
    const same = importOnnx(model(chain.map((n) => ({ ...n, name: 'n' }))));
    expect(new Set(same.ops.map((o) => o.name)).size).toBe(N); // made unique: n, n_2, … n_20000
    expect(same.ops[N - 1].name).toBe(`n_${N}`);
  });

  it('an ONNX file of thousands of unknown op types gives a short message', () => {
    const bytes = model(Array.from({ length: 3000 }, (_, i) => ({ opType: `Custom${i}${'X'.repeat(200)}`, input: ['x'], output: [`t${i}`] })));
    let message = '';
    try { importOnnx(bytes); } catch (e) { message = (e as Error).message; }
    expect(message).toMatch(/^onnx: no supported op in the model \(unsupported: Custom0X{53}…, Custom1X{53}…, .* and 2988 more\)$/);
    expect(message.length).toBeLessThan(1200);
  });

  it(`YAML nested deeper than ${MAX_YAML_DEPTH} levels is refused before the parser sees it`, () => {
    for (const text of ['['.repeat(100_000), 'a: '.concat('{b: '.repeat(MAX_YAML_DEPTH + 1), '1', '}'.repeat(MAX_YAML_DEPTH + 1)),
      Array.from({ length: 300 }, (_, i) => `${' '.repeat(i)}k${i}:`).join('\n')]) {
      expect(() => importTimeloop(text)).toThrow(/^timeloop: the YAML nests (\d+|more than \d+) levels deep; at most 64 are read$/);
    }
    // the same file twice in one process (the second could abort V8 when it reached the parser)
    expect(() => importTimeloop('['.repeat(5000))).toThrow(/nests more than 640 levels/);
    expect(() => importTimeloop('problem:\n  instance: {R: 3, S: 3, P: 8, Q: 8, C: 4, M: 8}\n')).not.toThrow();
  });

  it('a GraphBuilder gives n uses of one name n distinct names in linear time', () => {
    const g = new GraphBuilder('x', 'json');
    const names = Array.from({ length: 50_000 }, () => { const n = g.uniqueName('op'); g.addTensor({ name: n, shape: [1], elementBytes: 2, kind: 'input' }); return n; });
    expect(new Set(names).size).toBe(50_000);
    expect(names.slice(0, 3)).toEqual(['op', 'op_2', 'op_3']);
  });
});

describe('links and the core', () => {
  it(`a link with thousands of bad keys gets at most ${MAX_LINK_ISSUES} messages, the last one counting the rest`, () => {
    const r = parseUrlState('?' + Array.from({ length: 5000 }, (_, i) => `bogus${i}=1`).join('&'), { workloads: zooNames() });
    expect(r.issues).toHaveLength(MAX_LINK_ISSUES);
    expect(r.issues[MAX_LINK_ISSUES - 1]).toBe('… and 4991 more problems in the link');
    const dup = parseUrlState('?a%0Ab=1&a%0Ab=2', { workloads: zooNames() });
    expect(dup.issues).toContain('"a\\nb" appears more than once in the link');
    expect(dup.issues.every((i) => !i.includes('\n'))).toBe(true);
  });

  it('the core evaluates at most MAX_RECORDS records per call, whatever count it is given', async () => {
    const core = await loadCore();
    for (const [count, done] of [[-1, 0], [-(2 ** 31), 0], [4097, 4096], [2 ** 31 - 1, 4096]]) {
      expect(runRaw(core, { kind: 'gemm', records: [], count }).done).toBe(done);
      expect(runRaw(core, { kind: 'ops', records: [], count }).done).toBe(done);
    }
  });
});
