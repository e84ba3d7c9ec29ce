// The Validation view's state: the model against published numbers (shared/api/validate.ts: die areas, TDPs, powers,
// the SCALE-Sim oracle; docs/validation.md) and the sensitivity tornado (shared/api/sensitivity.ts: the Perf/TDP gain
// over tpu-v3 with each assumed cost coefficient at the low and the high end of its range). Both run in the app's sim
// workers through the pool (never on the page thread, never from components). The oracle is the text of
// tests/oracle/scalesim/public.csv, loaded with the view's code (Vite `?raw`), not with the page's first chunk.
import { CancelledError, type WorkerPool } from '../../../shared/pool';
import { PRESET_NAMES } from '../../../shared/hardware';
import type { SensitivityMessage } from '../../../shared/api/worker-api';
import type { ValidationReport, ValidationRow } from '../../../shared/api/validation-types';
import type { SensitivityReport } from '../../../shared/api/sensitivity-types';
import { simPool, type RemoteSim } from '../pool';
import { workloadMessageValue } from '../lib/workloads';

/** What this state asks of the workers. */
export interface ValidationRunner {
  validate(oracleCsv: string): Promise<ValidationReport>;
  sensitivity(msg: SensitivityMessage): Promise<SensitivityReport>;
}

/** One validation or sensitivity run may take this long before its worker counts as hung (replaced, retried once). */
export const VALIDATION_DEADLINE_MS = 300_000;

/** The runner over the app's pool of sim workers (the page's shared pool unless one is given). */
export function validationRunner(pool?: WorkerPool<RemoteSim>): ValidationRunner {
  const p = () => (pool ??= simPool()); // started on first use: the view may never open
  return {
    validate: (csv) => p().run((api) => api.validate(csv), { deadlineMs: VALIDATION_DEADLINE_MS }),
    sensitivity: (msg) => p().run((api) => api.sensitivity(msg), { deadlineMs: VALIDATION_DEADLINE_MS }),
  };
}

/** The SCALE-Sim public cases as text (the oracle `validate` compares against). */
export async function loadOracleCsv(): Promise<string> {
  return (await import('../../../tests/oracle/scalesim/public.csv?raw')).default;
}

/** The tornado's default design: the inference part, against tpu-v3 (docs/model.md §3.6). */
export const DEFAULT_SENSITIVITY_HARDWARE = 'tpuv4i';
export const DEFAULT_SENSITIVITY_WORKLOAD = 'efficientnet-b0';

/** A signed percentage with a true minus sign: +3.2%, −0.41%, 0% (errors are model / published − 1). */
export function signedPct(f: number): string {
  if (!Number.isFinite(f)) return '—';
  const p = f * 100;
  if (p === 0) return '0%';
  const a = Math.abs(p);
  const text = a >= 10 ? a.toFixed(1) : a >= 0.01 ? a.toFixed(2) : a.toExponential(1);
  return `${p < 0 ? '−' : '+'}${text}%`;
}

/** The tolerance as shown: ±5%, 'exact', or 'in range' for rows whose test is the published range. */
export function toleranceText(r: Pick<ValidationRow, 'tolerance' | 'publishedRange' | 'oneSided'>): string {
  if (r.publishedRange) return 'in range';
  if (r.tolerance === 0) return 'exact';
  const p = r.tolerance * 100;
  return `${r.oneSided ? '≥ −' : '±'}${Number.isInteger(p) ? p : p.toPrecision(2)}%`;
}

type Run<T> = { status: 'idle' } | { status: 'running' } | { status: 'ok'; value: T } | { status: 'error'; error: string };

const keyOf = (workload: string, hardware: string) => JSON.stringify([workload, hardware]);

export class ValidationState {
  /** The validation report (rows and fitted knobs) once the workers have it. */
  validation = $state.raw<Run<ValidationReport>>({ status: 'idle' });

  /** The tornado's inputs. */
  workload = $state(DEFAULT_SENSITIVITY_WORKLOAD);
  hardware = $state<string>((PRESET_NAMES as readonly string[]).includes(DEFAULT_SENSITIVITY_HARDWARE) ? DEFAULT_SENSITIVITY_HARDWARE : PRESET_NAMES[0]);
  /** The tornado's run: the inputs it was asked for, and where it is. */
  sensitivityRun = $state.raw<{ workload: string; hardware: string; run: Run<SensitivityReport> } | null>(null);

  readonly #runner: ValidationRunner;
  readonly #loadOracle: () => Promise<string>;
  /** Finished sensitivity reports by inputs (picking an earlier pair again shows it at once). */
  #reports = new Map<string, SensitivityReport>();

  constructor(runner: ValidationRunner, loadOracle: () => Promise<string> = loadOracleCsv) {
    this.#runner = runner;
    this.#loadOracle = loadOracle;
  }

  // ------------------------------------------------------------------------------------------------ validation
  /** Ask for the validation report if it is not here or on its way (the view calls this when it opens). */
  connect(): () => void {
    if (this.validation.status === 'idle' || this.validation.status === 'error') void this.runValidation();
    return () => {};
  }

  async runValidation(): Promise<void> {
    if (this.validation.status === 'running') return;
    this.validation = { status: 'running' };
    try {
      const csv = await this.#loadOracle();
      this.validation = { status: 'ok', value: await this.#runner.validate(csv) };
    } catch (e) {
      this.validation = e instanceof CancelledError ? { status: 'idle' } : { status: 'error', error: (e as Error).message };
    }
  }

  get report(): ValidationReport | null {
    return this.validation.status === 'ok' ? this.validation.value : null;
  }

  /** How many rows are within tolerance, of how many. */
  readonly summary = $derived.by(() => {
    const rows = this.report?.rows ?? [];
    return { ok: rows.filter((r) => r.ok).length, total: rows.length };
  });

  // ------------------------------------------------------------------------------------------------ sensitivity
  get sensitivityRunning(): boolean {
    return this.sensitivityRun?.run.status === 'running';
  }

  /** The finished report for the chosen workload and hardware, if any. */
  get sensitivity(): SensitivityReport | null {
    const s = this.sensitivityRun;
    return s && s.run.status === 'ok' && s.workload === this.workload && s.hardware === this.hardware ? s.run.value : null;
  }

  get sensitivityError(): string | null {
    const s = this.sensitivityRun;
    return s && s.run.status === 'error' && s.workload === this.workload && s.hardware === this.hardware ? s.run.error : null;
  }

  /** Show the cached report for the current inputs, if there is one (after the pickers change). */
  recall(): void {
    if (this.sensitivityRunning) return;
    const r = this.#reports.get(keyOf(this.workload, this.hardware));
    if (r) this.sensitivityRun = { workload: this.workload, hardware: this.hardware, run: { status: 'ok', value: r } };
  }

  /** Compute the tornado for the chosen workload and hardware (one worker call; a second press while running waits). */
  async runSensitivity(): Promise<void> {
    if (this.sensitivityRunning) return;
    const workload = this.workload;
    const hardware = this.hardware;
    const key = keyOf(workload, hardware);
    const cached = this.#reports.get(key);
    if (cached) { this.sensitivityRun = { workload, hardware, run: { status: 'ok', value: cached } }; return; }
    this.sensitivityRun = { workload, hardware, run: { status: 'running' } };
    try {
      const value = await this.#runner.sensitivity({ workload: workloadMessageValue(workload), hardware, hardwareName: hardware });
      this.#reports.set(key, value);
      this.sensitivityRun = { workload, hardware, run: { status: 'ok', value } };
    } catch (e) {
      this.sensitivityRun = e instanceof CancelledError ? null : { workload, hardware, run: { status: 'error', error: (e as Error).message } };
    }
  }
}
