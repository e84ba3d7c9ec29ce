// BERT encoders (Devlin et al., NAACL 2019): base (L = 12, hidden 768, 12 heads, FFN 3072) and large (L = 24,
// hidden 1024, 16 heads, FFN 4096), head size 64, vocabulary 30,522, 2 token types, at a fixed sequence length.
// Embeddings: the word, position and token-type tables are weights of one lookup-and-sum op over the token ids,
// then LayerNorm. Each encoder layer, as the reference implementation computes it at inference:
//   query, key, value dense (+ bias) → per-head scores Q·Kᵀ (count = heads, m = seq, k = 64, n = seq, both
//   operands activations) → scale by 1/√64 → add the attention mask → softmax over each row → per-head context
//   P·V (m = seq, k = seq, n = 64) → output dense (+ bias) → residual add → LayerNorm → FFN dense to 4·hidden
//   (+ bias) → GELU → dense back (+ bias) → residual add → LayerNorm.
// Dropout does nothing at inference. The pooler (a dense + tanh on the [CLS] token, only for sentence-level
// heads) is not part of this sequence-output encoder. Deviation: sequences longer than BERT's 512 learned
// positions (1024 here) get a position table extended to the sequence length (docs/model.md §2).
import { GraphBuilder } from '../builder';
import type { WorkloadSpec } from '../types';
import { DEFAULT_BATCH } from './common';

export const BERT_CONFIGS = {
  base: { layers: 12, hidden: 768, heads: 12, ffn: 3072 },
  large: { layers: 24, hidden: 1024, heads: 16, ffn: 4096 },
} as const;
export const BERT_VOCAB = 30522;
export const BERT_MAX_POSITIONS = 512;
const TOKEN_TYPES = 2;
const HEAD_SIZE = 64;

export function bert(size: keyof typeof BERT_CONFIGS, seq: number): WorkloadSpec {
  const c = BERT_CONFIGS[size];
  if (!c) throw new Error(`bert: unknown size "${size}"`);
  if (!Number.isInteger(seq) || seq < 1) throw new Error(`bert: sequence length must be a positive whole number, got ${seq}`);
  const H = c.hidden;
  const positions = Math.max(BERT_MAX_POSITIONS, seq);
  const g = new GraphBuilder(`bert-${size}-${seq}`, 'zoo');
  const ids = g.input('input_ids', [seq], 4); // int32 token ids
  const mask = g.input('attention_mask', [seq]); // additive mask (0 or −10000), broadcast over heads and rows

  g.block = 'embeddings';
  const tables = [
    g.weight('embeddings/word', [BERT_VOCAB, H]),
    g.weight('embeddings/position', [positions, H]),
    g.weight('embeddings/token_type', [TOKEN_TYPES, H]),
  ];
  let x = g.elementwise('lookup_sum', 'add', [ids], tables, [seq, H]);
  x = g.layernorm('layernorm', x, H);

  for (let l = 1; l <= c.layers; l++) {
    g.block = `layer${l}/attention`;
    const q = g.dense('query', x, H, true);
    const k = g.dense('key', x, H, true);
    const v = g.dense('value', x, H, true);
    let s = g.batchedMatmul('scores', q, k, { count: c.heads, m: seq, k: HEAD_SIZE, n: seq }, [c.heads, seq, seq]);
    s = g.act('scale', 'scale', s);
    s = g.elementwise('mask', 'add', [s, mask]);
    const p = g.softmax('softmax', s, seq);
    const ctx = g.batchedMatmul('context', p, v, { count: c.heads, m: seq, k: seq, n: HEAD_SIZE }, [seq, H]);
    const o = g.dense('output', ctx, H, true);
    const r1 = g.elementwise('residual', 'add', [o, x]);
    const ln1 = g.layernorm('layernorm', r1, H);

    g.block = `layer${l}/ffn`;
    let f = g.dense('intermediate', ln1, c.ffn, true);
    f = g.act('gelu', 'gelu', f);
    f = g.dense('output', f, H, true);
    const r2 = g.elementwise('residual', 'add', [f, ln1]);
    x = g.layernorm('layernorm', r2, H);
  }
  return g.build({
    description: `BERT-${size} encoder (Devlin et al. 2019), ${c.layers} layers, hidden ${H}, ${c.heads} heads, sequence ${seq}, bf16` +
      (seq > BERT_MAX_POSITIONS ? `; position embeddings extended from ${BERT_MAX_POSITIONS} to ${seq}` : ''),
    defaultBatch: DEFAULT_BATCH,
  });
}
