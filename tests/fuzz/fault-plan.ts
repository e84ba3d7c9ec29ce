// Worker-fault injection for tests (shared by tests/unit/faults.test.ts and tests/browser/faults.test.ts): wraps a
// pool so that chosen designs fault in the worker — trap (a Wasm RuntimeError), hang (busy loop until the deadline)
// or kill (the worker exits / closes itself) — on their first `times` sends. The count lives here on the main thread,
// so "fails once, then succeeds on the fresh worker" works although every retry reaches a new worker. The workers
// must be started with fault injection on (createNodeSimPool / createBrowserSimPool `{ faultInjection: true }`).
import type { RunOptions } from '../../shared/pool';
import type { InjectedFaults } from '../../shared/api/worker-api';
import type { EvaluateTrialsRequest, TrialEvaluation } from '../../shared/search/evaluate';
import type { ScorerPool, TrialApi } from '../../shared/search/pool-scorer';

export type FaultKind = 'trap' | 'hang' | 'kill';
export interface PlannedFault { kind: FaultKind; times: number }

interface FaultApi { evaluateTrials(req: EvaluateTrialsRequest & { faults?: InjectedFaults }): Promise<TrialEvaluation[]> }

/** A ScorerPool over `pool` that injects `plan` (design key → fault) into the requests it sends. */
export function faultyPool<A extends FaultApi>(
  pool: { size: number; run<R>(fn: (api: A) => Promise<R>, opts?: RunOptions): Promise<R> },
  plan: Map<string, PlannedFault>,
  keyOf: (design: unknown) => string,
): ScorerPool & { sent: Map<string, number> } {
  const sent = new Map<string, number>();
  return {
    size: pool.size,
    sent,
    run: <R>(fn: (api: TrialApi) => Promise<R>, opts?: RunOptions) => pool.run((api) => fn({
      evaluateTrials: (req) => {
        const faults: InjectedFaults = {};
        req.designs.forEach((d, i) => {
          const k = keyOf(d);
          const p = plan.get(k);
          if (!p) return;
          const n = (sent.get(k) ?? 0) + 1;
          sent.set(k, n);
          if (n <= p.times) faults[i] = p.kind;
        });
        return api.evaluateTrials({ ...req, faults });
      },
    }), opts),
  };
}
