// What the page keeps of a search in IndexedDB (lib/idb-store.ts), so a running search survives a reload and a
// finished one is still there: the study's checkpoint (shared/search/checkpoint.ts — the very format `fast search
// --checkpoint` writes, so it can be downloaded and resumed by the CLI), the workloads as they cross to the workers,
// and the run's status. `validateSearchRecord` re-checks everything a damaged record could get wrong; the store
// reports a failure as a corrupt record (message + choice), never as a crash.
// (Imports name modules, not the search and workload indexes: those pull every importer into the page's first chunk.)
import { CHECKPOINT_FORMAT, validateCheckpoint, type Checkpoint } from '../../../shared/search/checkpoint';
import { normalizeStudy, type StudySpec } from '../../../shared/search/study-spec';
import { parseWorkload } from '../../../shared/workload/schema';
import type { WorkloadSpec } from '../../../shared/workload/types';
// isZooName/zooWorkload: the same names and specs as the CLI's (an LLM study's payload crosses as the variant's name)
import { isZooName, zooWorkload } from '../../../shared/workload/zoo-names';

/**
 * FNV-1a over UTF-16 code units, as shared/search/evaluate.ts `fnv1a` (which the CLI uses for checkpoint digests);
 * restated here because evaluate.ts imports every workload importer. tests/browser/search-state.test.ts checks
 * the two agree.
 */
export function fnv1a(s: string): string {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193);
  return (h >>> 0).toString(16).padStart(8, '0');
}

export const SEARCH_RECORD_FORMAT = 'fast-explorer/search';
/**
 * Version 2: { status, checkpoint, payload, workers, elapsedSeconds }, the checkpoint as an object or as its JSON text.
 * The study worker writes a running study's checkpoint as JSON text (web/src/study-worker.ts): IndexedDB clones a
 * string by copying it, while the structured clone of a checkpoint object with thousands of trials blocked the page
 * for 70–130 ms per write (5,000 trials, Chromium). Version 1 (always an object) reads as version 2 unchanged.
 */
export const SEARCH_RECORD_VERSION = 2;
/** migrations[v]: a version-v record's value as version v + 1 (VersionedStore). */
export const SEARCH_RECORD_MIGRATIONS: Readonly<Record<number, (value: unknown) => unknown>> = { 1: (value) => value };
/** The one search the page keeps. */
export const CURRENT_SEARCH_KEY = 'current';

export type SearchStatus = 'running' | 'paused' | 'done' | 'cancelled';
const STATUSES: readonly SearchStatus[] = ['running', 'paused', 'done', 'cancelled'];

export interface SearchRecord {
  status: SearchStatus;
  /** As read back (validateSearchRecord): always the object. */
  checkpoint: Checkpoint;
  /** One per study workload: a zoo name, or an imported workload's spec. */
  payload: (string | WorkloadSpec)[];
  workers: number;
  /** Wall time spent searching over every session of this study. */
  elapsedSeconds: number;
}

/** What the page writes: the checkpoint as an object, or as its JSON text (what the study worker sends). */
export type StoredSearchRecord = Omit<SearchRecord, 'checkpoint'> & { checkpoint: Checkpoint | string };

/** The specs behind a payload (zoo names generated here), for the digest. */
export function payloadSpecs(payload: readonly (string | WorkloadSpec)[]): WorkloadSpec[] {
  return payload.map((p) => (typeof p === 'string' ? zooWorkload(p) : p));
}

/** The checkpoint's workload digest: the same as `fast search` computes for the same workloads. */
export function workloadDigest(payload: readonly (string | WorkloadSpec)[]): string {
  return fnv1a(JSON.stringify(payloadSpecs(payload)));
}

export function validateSearchRecord(value: unknown): SearchRecord {
  const v = value as Partial<SearchRecord> | null;
  if (!v || typeof v !== 'object') throw new Error('the saved search is not an object');
  if (!STATUSES.includes(v.status as SearchStatus)) throw new Error(`the saved search has an unknown status ${JSON.stringify(v.status)}`);
  if (!Array.isArray(v.payload) || v.payload.length === 0) throw new Error('the saved search names no workloads');
  const payload = v.payload.map((p, i) => {
    if (typeof p === 'string') {
      if (!isZooName(p)) throw new Error(`workload ${i + 1} of the saved search, "${p}", is not a zoo workload`);
      return p;
    }
    try {
      return parseWorkload(p, `workload ${i + 1} of the saved search`);
    } catch (e) {
      throw new Error((e as Error).message.split('\n')[0]);
    }
  });
  let cp = v.checkpoint as Checkpoint | string | undefined;
  if (typeof cp === 'string') {
    try {
      cp = JSON.parse(cp) as Checkpoint;
    } catch (e) {
      throw new Error(`the saved checkpoint is not valid JSON (${(e as Error).message.split('\n')[0]})`);
    }
  }
  if (!cp || typeof cp !== 'object') throw new Error('the saved search has no checkpoint');
  if (cp.format !== CHECKPOINT_FORMAT) throw new Error('the saved checkpoint is not a FAST search checkpoint');
  let study: StudySpec;
  try {
    study = normalizeStudy(cp.study);
  } catch (e) {
    throw new Error(`the saved study is invalid: ${(e as Error).message}`);
  }
  if (study.workloads.length !== payload.length) throw new Error('the saved search has a different number of workloads than its study');
  const checkpoint = validateCheckpoint(cp, study, workloadDigest(payload));
  for (const [i, t] of checkpoint.trials.entries()) {
    if (!t || typeof t !== 'object' || t.index !== i || (t.status !== 'ok' && t.status !== 'infeasible') || !t.hardware) {
      throw new Error(`trial ${i} of the saved search is damaged`);
    }
  }
  const workers = v.workers;
  if (typeof workers !== 'number' || !Number.isInteger(workers) || workers < 1 || workers > 64) throw new Error('the saved search has no valid worker count');
  const elapsedSeconds = typeof v.elapsedSeconds === 'number' && Number.isFinite(v.elapsedSeconds) && v.elapsedSeconds >= 0 ? v.elapsedSeconds : 0;
  return { status: v.status as SearchStatus, checkpoint: { ...checkpoint, study }, payload, workers, elapsedSeconds };
}
