// Graph passes of the ONNX importer, each linear (or n·log n) in the graph's size — a fuzzer once found quadratic
// work here: the nodes' topological order (forgiving of files out of order), the fusion of swish and erf-GELU
// chains over the emitted ops (producer and consumer lists), and the pruning of tensors no op uses any more.
import type { GraphBuilder } from '../../builder';
import type { ElementwiseOp } from '../../types';
import type { NodeProto, Val } from './model';

/**
 * Kahn's algorithm with the ready nodes taken smallest file index first, so a file already in topological order
 * keeps its order. O((nodes + edges) · log nodes): a file of many nodes in reverse order sorts in bounded time.
 */
export function topoSort(nodes: NodeProto[], known: Map<string, Val>): NodeProto[] {
  const producer = new Map<string, number>();
  nodes.forEach((n, i) => (n.output ?? []).forEach((o) => { if (o) producer.set(o, i); }));
  const unmet = new Array<number>(nodes.length).fill(0);
  const dependents: number[][] = nodes.map(() => []);
  nodes.forEach((n, i) => {
    for (const inp of n.input ?? []) {
      if (!inp || known.has(inp)) continue;
      const p = producer.get(inp);
      if (p === undefined) continue;
      unmet[i]++;
      dependents[p].push(i);
    }
  });
  // A binary min-heap of ready node indices.
  const heap: number[] = [];
  const push = (v: number) => {
    heap.push(v);
    for (let c = heap.length - 1; c > 0;) {
      const p = (c - 1) >> 1;
      if (heap[p] <= heap[c]) break;
      [heap[p], heap[c]] = [heap[c], heap[p]];
      c = p;
    }
  };
  const pop = (): number => {
    const top = heap[0];
    const last = heap.pop()!;
    if (heap.length) {
      heap[0] = last;
      for (let p = 0; ;) {
        const l = 2 * p + 1, r = l + 1;
        let m = p;
        if (l < heap.length && heap[l] < heap[m]) m = l;
        if (r < heap.length && heap[r] < heap[m]) m = r;
        if (m === p) break;
        [heap[p], heap[m]] = [heap[m], heap[p]];
        p = m;
      }
    }
    return top;
  };
  unmet.forEach((u, i) => { if (u === 0) push(i); });
  const order: NodeProto[] = [];
  while (heap.length) {
    const i = pop();
    order.push(nodes[i]);
    for (const d of dependents[i]) if (--unmet[d] === 0) push(d);
  }
  if (order.length < nodes.length) throw new Error('onnx: the graph has a cycle (nodes cannot be put in topological order)');
  return order;
}

/**
 * Swish (x·sigmoid(x)) and erf-GELU (x·½(1 + erf(x/√2))) chains become one op each; returns the GELUs formed (and
 * counts both in `formed` when given, for the import report).
 */
export function fusePatterns(g: GraphBuilder, origin: string[], formed?: { swish: number; gelu: number }): number {
  const ops = g.ops;
  let gelus = 0;
  const producer = new Map<string, number>();
  const consumers = new Map<string, number[]>();
  ops.forEach((op, i) => {
    producer.set(op.outputs[0], i);
    for (const t of op.inputs) {
      const c = consumers.get(t);
      if (c) c.push(i); else consumers.set(t, [i]);
    }
  });
  const dead = new Set<number>();
  const only = (t: string) => { const c = consumers.get(t) ?? []; return c.length === 1 ? c[0] : -1; };
  const ew = (i: number, op?: ElementwiseOp) => {
    const o = ops[i];
    return !!o && o.kind === 'elementwise' && !dead.has(i) && (op === undefined || o.elementwise.op === op);
  };

  // swish: mul(x, sigmoid(x))
  ops.forEach((op, i) => {
    if (!ew(i, 'mul') || op.inputs.length !== 2) return;
    for (const [s, x] of [[op.inputs[0], op.inputs[1]], [op.inputs[1], op.inputs[0]]]) {
      const p = producer.get(s);
      if (p === undefined || !ew(p, 'sigmoid') || ops[p].inputs[0] !== x || only(s) !== i) continue;
      dead.add(p);
      if (formed) formed.swish++;
      if (op.kind === 'elementwise') { op.inputs = [x]; op.elementwise.op = 'swish'; }
      return;
    }
  });

  // GELU (erf form): [div|mul](x, c) → erf → add(1) → mul(·, x or x·½) [→ mul(½)]
  ops.forEach((erf, e) => {
    if (origin[e] !== 'Erf' || !ew(e)) return;
    const d = producer.get(erf.inputs[0]);
    if (d === undefined || !ew(d, 'scale') || only(erf.inputs[0]) !== e) return;
    const x = ops[d].inputs[0];
    const a = only(erf.outputs[0]);
    if (a < 0 || !ew(a, 'bias') || origin[a] !== 'Add') return;
    const m = only(ops[a].outputs[0]);
    if (m < 0 || !ew(m, 'mul') || ops[m].inputs.length !== 2) return;
    const other = ops[m].inputs.find((t) => t !== ops[a].outputs[0]);
    if (other === undefined) return;
    const chain = [d, e, a, m];
    if (other !== x) {
      const h = producer.get(other);
      if (h === undefined || !ew(h, 'scale') || ops[h].inputs[0] !== x || only(other) !== m) return;
      chain.push(h);
    }
    let last = m;
    const tail = only(ops[m].outputs[0]);
    if (other === x && tail >= 0 && ew(tail, 'scale') && origin[tail] === 'Mul') { chain.push(tail); last = tail; }
    const gelu = ops[last];
    if (gelu.kind !== 'elementwise') return;
    for (const i of chain) if (i !== last) dead.add(i);
    gelu.inputs = [x];
    gelu.weights = [];
    gelu.elementwise.op = 'gelu';
    gelus++;
  });
  if (formed) formed.gelu += gelus;

  if (dead.size === 0) return gelus;
  const keep = ops.filter((_, i) => !dead.has(i));
  ops.length = 0;
  ops.push(...keep);
  return gelus;
}

/** Drop tensors no op references any more (intermediates of fused patterns). */
export function pruneTensors(g: GraphBuilder): void {
  const used = new Set<string>();
  for (const op of g.ops) for (const t of [...op.inputs, ...op.outputs, ...op.weights]) used.add(t);
  const keep = g.tensors.filter((t) => used.has(t.name));
  g.tensors.length = 0;
  g.tensors.push(...keep);
}
