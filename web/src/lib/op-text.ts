// An op's shape in a few words, for tables (conv 3×3/2 32→64 at 112×112, matmul 128×768·768×3072, …).
import type { OpSpec } from '../../../shared/workload/types';

const rows = (n: number) => `${n.toLocaleString('en-US')} row${n === 1 ? '' : 's'}`;

export function opShapeText(op: OpSpec): string {
  switch (op.kind) {
    case 'conv2d': {
      const c = op.conv2d;
      const kind = c.groups === 1 ? '' : c.groups === c.inChannels ? 'depthwise ' : `${c.groups} groups, `;
      const stride = c.strideHeight === c.strideWidth ? `/${c.strideHeight}` : `/${c.strideHeight}×${c.strideWidth}`;
      return `${kind}${c.kernelHeight}×${c.kernelWidth}${stride === '/1' ? '' : stride}, ${c.inChannels}→${c.outChannels}, ${c.inHeight}×${c.inWidth}→${c.outHeight}×${c.outWidth}`;
    }
    case 'matmul': {
      const m = op.matmul;
      return `${m.count > 1 ? `${m.count} × ` : ''}(${m.m}×${m.k})·(${m.k}×${m.n})${m.weightB ? '' : ', both activations'}`;
    }
    case 'elementwise': return `${op.elementwise.op}, ${op.elementwise.elements.toLocaleString('en-US')} elements`;
    case 'pool': {
      const p = op.pool;
      return `${p.global ? 'global ' : ''}${p.op} ${p.global ? '' : `${p.kernelHeight}×${p.kernelWidth}/${p.strideHeight}, `}${p.channels} ch, ${p.inHeight}×${p.inWidth}→${p.outHeight}×${p.outWidth}`;
    }
    case 'reduce': return `${op.reduce.op}, ${op.reduce.inElements.toLocaleString('en-US')} → ${op.reduce.outElements.toLocaleString('en-US')}`;
    case 'softmax': return `${rows(op.softmax.rows)} × ${op.softmax.length}`;
    case 'layernorm': return `${rows(op.layernorm.rows)} × ${op.layernorm.length}`;
  }
}
