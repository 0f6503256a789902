import type { TopologyRef } from '../topology/topology-ref.js';
import type { ComponentChange, ExecutorRun, PlannedRun } from './evaluation.js';

/** One application of a plan: the change itself (`apply`), or the return to the previous plan (`rollback`). */
export interface ExecutionRequest {
  purpose: 'apply' | 'rollback';
  evaluationId: string;
  ref: TopologyRef;
  /** Component parallelisms to set (for a rollback: back from `to` to `from`, already reversed). */
  changes: readonly ComponentChange[];
  /** The plan in the DSPS's form, opaque. */
  plan: unknown;
}

export interface ExecutionOutcome {
  /** Every run succeeded. */
  ok: boolean;
  runs: ExecutorRun[];
  /**
   * The changes whose runs were started (the failed run's included: it may have half-applied); the rest
   * were not tried after the first failure. What a rollback undoes.
   */
  attempted: ComponentChange[];
}

/**
 * Applies a scaling change to the running topology: a webhook POST or a command. An executor never throws
 * for a failed run; the failure, its exit code or HTTP status and its output tail are in the outcome.
 */
export interface ScalingExecutor {
  readonly type: 'webhook' | 'command';
  /** A rollback cannot run without the previous plan (`current_plan`). */
  readonly needsPlan: boolean;
  /** What {@link execute} would run, for dry runs; runs nothing. */
  describe(request: ExecutionRequest): PlannedRun[];
  execute(request: ExecutionRequest): Promise<ExecutionOutcome>;
}

/** Keeps the last `maxBytes` of a stream's output. */
export class OutputTail {
  private chunks: Buffer[] = [];
  private length = 0;

  constructor(private readonly maxBytes: number) {}

  push(chunk: Buffer): void {
    this.chunks.push(chunk);
    this.length += chunk.length;
    while (this.chunks.length > 1 && this.length - (this.chunks[0]?.length ?? 0) >= this.maxBytes) {
      this.length -= this.chunks.shift()?.length ?? 0;
    }
  }

  toString(): string {
    const all = Buffer.concat(this.chunks);
    return all.subarray(Math.max(0, all.length - this.maxBytes)).toString('utf8');
  }
}

/** Bytes of stdout/stderr (or of a webhook answer) kept per run. */
export const OUTPUT_TAIL_BYTES = 4096;
