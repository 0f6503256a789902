import { createHash, randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import { ZodError } from 'zod';
import type {
  AutoscaledTopologyConfig,
  AutoscalerConfig,
  ScalingExecutorConfig,
} from '../config/autoscaler-schema.js';
import { AppError, isAppError, toErrorBody } from '../errors.js';
import { consoleQueueLogger, type QueueLogger } from '../jobs/queue-logger.js';
import type { TopologyRef } from '../topology/topology-ref.js';
import { createExecutor } from './create-executor.js';
import { decideScaling } from './decide-scaling.js';
import type { AuditEntry, Evaluation, Execution, ExecutorRun } from './evaluation.js';
import { type AdviseFn, type LoopAdvice, parseLoopAdvice } from './loop-advice.js';
import type { ExecutionOutcome, ExecutionRequest, ScalingExecutor } from './scaling-executor.js';
import type { ScalingHistoryStore } from './scaling-history-store.js';

/** The process log; `info` (when there) gets successful executor runs, `warn` failed ones. */
export interface AutoscalerLogger extends QueueLogger {
  info?(fields: Record<string, unknown>, message: string): void;
}

export type EvaluationTrigger = Evaluation['trigger'];

/** The fields an evaluation has whatever its outcome. */
type EvaluationHead = Pick<
  Evaluation,
  | 'id'
  | 'at'
  | 'trigger'
  | 'dsps'
  | 'cluster'
  | 'environ'
  | 'role'
  | 'topology'
  | 'executor'
  | 'dry_run'
  | 'tolerance'
>;

export interface ScalingEvaluatorOptions {
  config: Pick<AutoscalerConfig, 'reevaluateSec' | 'tolerance' | 'scaleDownStabilizationSec' | 'cooldownSec'>;
  store: ScalingHistoryStore;
  advise: AdviseFn;
  /** The executor of a topology's `executor` section. @defaultValue createExecutor */
  executorFor?: (config: ScalingExecutorConfig) => ScalingExecutor | undefined;
  logger?: AutoscalerLogger;
  /** Clock, ms since the epoch (tests). @defaultValue Date.now */
  nowMs?: () => number;
  /** Who runs executors, for the audit log. @defaultValue `<hostname>/<pid>` */
  who?: string;
}

/** Longest an advice may take, ms: the re-evaluation interval, and at least this. */
const MIN_ADVICE_TIMEOUT_MS = 30_000;

/** Allowance per executor run on top of its timeout (SIGKILL grace, pipe drain, spawn), ms. */
const RUN_SLACK_MS = 5000;

/**
 * How long a change's in-flight marker lives, ms: every run of the change and of its rollback hitting its
 * timeout, plus a minute. Longer than any live change, short enough that a crashed worker does not block
 * the topology for good.
 */
export function inFlightTtlMs(changes: number, timeoutMs: number): number {
  return 2 * Math.max(1, changes) * (timeoutMs + RUN_SLACK_MS) + 60_000;
}

/** SHA-256 (hex) of a plan's JSON (or bytes), to name it in history and audit without storing it. */
export function planDigest(plan: unknown): string {
  const bytes =
    plan instanceof Uint8Array ? plan : typeof plan === 'string' ? plan : JSON.stringify(plan ?? null);
  return createHash('sha256').update(bytes).digest('hex');
}

/**
 * One run of the loop for one topology: asks the advice, decides ({@link decideScaling}) from the stored
 * window, cooldown and in-flight marker, and for a `scale` decision records (advisor), describes (dry run)
 * or runs the executor under the in-flight marker, rolling back to the advice's `current_plan` when it
 * fails. Every evaluation is recorded, a failed one as `action: error` with its error code; only a Redis
 * failure while recording escapes.
 */
export class ScalingEvaluator {
  private readonly options: ScalingEvaluatorOptions;
  private readonly logger: AutoscalerLogger;
  private readonly nowMs: () => number;
  private readonly who: string;

  constructor(options: ScalingEvaluatorOptions) {
    this.options = options;
    this.logger = options.logger ?? consoleQueueLogger;
    this.nowMs = options.nowMs ?? Date.now;
    this.who = options.who ?? `${hostname()}/${process.pid}`;
  }

  async evaluate(
    ref: TopologyRef,
    topology: AutoscaledTopologyConfig,
    trigger: EvaluationTrigger,
  ): Promise<Evaluation> {
    const startedMs = this.nowMs();
    const head: EvaluationHead = {
      id: randomUUID(),
      at: new Date(startedMs).toISOString(),
      trigger,
      dsps: ref.dsps,
      cluster: ref.cluster,
      environ: ref.environ,
      ...(ref.role ? { role: ref.role } : {}),
      topology: ref.topology,
      executor: topology.executor.type,
      dry_run: topology.executor.dryRun,
      tolerance: this.options.config.tolerance,
    };
    let evaluation: Evaluation;
    try {
      evaluation = await this.decideAndAct(ref, topology, trigger, head, startedMs);
    } catch (err) {
      const error = errorOf(err);
      this.logger.warn(
        { ref, code: error.code, err: err instanceof Error ? err.message : String(err) },
        'autoscaler: evaluation failed',
      );
      evaluation = {
        ...head,
        action: 'error',
        target_utilisation: null,
        components: [],
        changes: [],
        reasons: [`${error.code}: ${error.message}`],
        error,
        duration_ms: this.nowMs() - startedMs,
      };
    }
    await this.options.store.appendEvaluation(ref, evaluation);
    return evaluation;
  }

  private async decideAndAct(
    ref: TopologyRef,
    topology: AutoscaledTopologyConfig,
    trigger: EvaluationTrigger,
    head: EvaluationHead,
    startedMs: number,
  ): Promise<Evaluation> {
    const { config, store } = this.options;
    const executor = (this.options.executorFor ?? createExecutor)(topology.executor);
    const advice = await this.adviceFor(ref, topology);

    const sampleValiditySec = 2 * config.reevaluateSec;
    // The window, and the sample in force at its start.
    const sinceMs = startedMs - (config.scaleDownStabilizationSec + sampleValiditySec) * 1000;
    const [history, state, inFlight] = await Promise.all([
      store.recommendations(ref, sinceMs),
      store.state(ref),
      store.inFlight(ref),
    ]);
    const decision = decideScaling({
      advice,
      history,
      lastChangeAtMs: state.lastChangeAtMs,
      inFlight,
      nowMs: startedMs,
      settings: {
        tolerance: config.tolerance,
        scaleDownStabilizationSec: config.scaleDownStabilizationSec,
        cooldownSec: config.cooldownSec,
        sampleValiditySec,
        ...(topology.targetUtilisation !== undefined
          ? { targetUtilisation: topology.targetUtilisation }
          : {}),
      },
    });
    await store.addRecommendation(
      ref,
      {
        atMs: startedMs,
        recommended: Object.fromEntries(
          advice.components.map((c) => [c.component, c.recommended_parallelism]),
        ),
      },
      sinceMs,
    );

    const decided: Evaluation = {
      ...head,
      action: decision.action,
      target_utilisation: decision.target_utilisation,
      components: decision.components,
      changes: decision.changes,
      reasons: decision.reasons,
      ...(decision.cooldownUntilMs !== undefined
        ? { cooldown_until: new Date(decision.cooldownUntilMs).toISOString() }
        : {}),
      duration_ms: 0,
    };
    const done = (e: Evaluation): Evaluation => ({ ...e, duration_ms: this.nowMs() - startedMs });
    if (decision.action !== 'scale') return done(decided);

    const plan = await this.planFor(ref, topology, advice, decision.components);
    const digest = planDigest(plan);
    if (!executor) {
      return done({
        ...decided,
        reasons: [...decided.reasons, 'advisor mode: recorded, nothing run'],
        execution: { executor: 'advisor', status: 'advised', plan_digest: digest, runs: [] },
      });
    }
    const request: ExecutionRequest = {
      purpose: 'apply',
      evaluationId: decided.id,
      ref,
      changes: decision.changes,
      plan,
    };
    if (topology.executor.dryRun) {
      return done({
        ...decided,
        reasons: [...decided.reasons, 'dry run: nothing run'],
        execution: {
          executor: executor.type,
          status: 'dry_run',
          plan_digest: digest,
          planned: executor.describe(request),
          runs: [],
        },
      });
    }

    const token = randomUUID();
    const ttlMs = inFlightTtlMs(decision.changes.length, topology.executor.timeoutMs);
    if (!(await store.acquireInFlight(ref, token, ttlMs))) {
      return done({
        ...decided,
        action: 'in_flight',
        reasons: [...decided.reasons, 'another change of this topology started meanwhile'],
      });
    }
    try {
      // Another evaluation may have changed the topology between our decision and the marker: its change
      // starts a cooldown we did not see, so act on nothing.
      const latest = await store.state(ref);
      if (latest.lastChangeAtMs !== state.lastChangeAtMs) {
        return done({
          ...decided,
          action: 'cooldown',
          changes: [],
          reasons: [
            ...decided.reasons,
            `another evaluation (${latest.lastChangeEvaluationId ?? 'unknown'}) changed this topology meanwhile: cooldown`,
          ],
        });
      }
      await store.setState(ref, { lastChangeAtMs: this.nowMs(), lastChangeEvaluationId: decided.id });
      const applied = await executor.execute(request);
      const execution: Execution = {
        executor: executor.type,
        status: applied.ok ? 'applied' : 'failed',
        plan_digest: digest,
        runs: applied.runs,
      };
      const reasons = [...decided.reasons];
      if (applied.ok) {
        reasons.push(`applied by the ${executor.type} executor`);
      } else {
        execution.rollback = await this.rollback(executor, request, applied, advice);
        reasons.push(
          `the ${executor.type} executor failed (${describeFailure(applied.runs)}); rollback ${execution.rollback.status}` +
            (execution.rollback.reason ? `: ${execution.rollback.reason}` : ''),
        );
      }
      await this.audit(ref, trigger, decided.id, digest, applied.runs, execution.rollback);
      return done({ ...decided, reasons, execution });
    } finally {
      await store
        .releaseInFlight(ref, token)
        .catch((err: unknown) =>
          this.logger.warn(
            { ref, err: String(err) },
            'autoscaler: in-flight marker not released (it expires)',
          ),
        );
    }
  }

  /**
   * The plan of the decided parallelism: the advice's own when every component goes where the advice said,
   * else a plan asked for exactly the decided numbers (a held or stabilizing component stays where it is).
   */
  private async planFor(
    ref: TopologyRef,
    topology: AutoscaledTopologyConfig,
    advice: LoopAdvice,
    decided: ReadonlyArray<{ component: string; to: number }>,
  ): Promise<unknown> {
    const to = new Map(decided.map((c) => [c.component, c.to]));
    const same = advice.components.every(
      (c) => (to.get(c.component) ?? c.recommended_parallelism) === c.recommended_parallelism,
    );
    if (same) return advice.plan;
    return (await this.adviceFor(ref, topology, Object.fromEntries(to))).plan;
  }

  private async adviceFor(
    ref: TopologyRef,
    topology: AutoscaledTopologyConfig,
    parallelism?: Record<string, number>,
  ): Promise<LoopAdvice> {
    const timeoutMs = Math.max(MIN_ADVICE_TIMEOUT_MS, this.options.config.reevaluateSec * 1000);
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(
        () => reject(new AppError('JOB_TIMEOUT', `The scaling advice took longer than ${timeoutMs} ms`)),
        timeoutMs,
      );
    });
    try {
      const options =
        topology.targetUtilisation !== undefined || parallelism
          ? {
              ...(topology.targetUtilisation !== undefined
                ? { targetUtilisation: topology.targetUtilisation }
                : {}),
              ...(parallelism ? { parallelism } : {}),
            }
          : undefined;
      const advice = await Promise.race([(async () => this.options.advise(ref, options))(), timeout]);
      return parseLoopAdvice(advice);
    } finally {
      clearTimeout(timer);
    }
  }

  /** Runs the executor again with the previous plan, undoing the changes that were attempted. */
  private async rollback(
    executor: ScalingExecutor,
    request: ExecutionRequest,
    applied: ExecutionOutcome,
    advice: LoopAdvice,
  ): Promise<NonNullable<Execution['rollback']>> {
    if (applied.attempted.length === 0) return { status: 'skipped', reason: 'no run started', runs: [] };
    if (executor.needsPlan && advice.current_plan === undefined) {
      return { status: 'skipped', reason: 'the advice carried no current plan to return to', runs: [] };
    }
    const back = applied.attempted.map((c) => ({ component: c.component, from: c.to, to: c.from })).reverse();
    const outcome = await executor.execute({
      ...request,
      purpose: 'rollback',
      changes: back,
      plan: advice.current_plan,
    });
    return {
      status: outcome.ok ? 'succeeded' : 'failed',
      plan_digest: planDigest(advice.current_plan),
      runs: outcome.runs,
    };
  }

  /** Appends the executor runs to the audit log and the process log; a Redis failure here is only logged. */
  private async audit(
    ref: TopologyRef,
    trigger: EvaluationTrigger,
    evaluationId: string,
    digest: string,
    runs: readonly ExecutorRun[],
    rollback: Execution['rollback'],
  ): Promise<void> {
    const entry = (run: ExecutorRun, planDigestOfRun: string): AuditEntry => ({
      ...run,
      evaluation_id: evaluationId,
      who: this.who,
      trigger,
      dsps: ref.dsps,
      cluster: ref.cluster,
      environ: ref.environ,
      ...(ref.role ? { role: ref.role } : {}),
      topology: ref.topology,
      plan_digest: planDigestOfRun,
    });
    const entries = [
      ...runs.map((r) => entry(r, digest)),
      ...(rollback?.runs ?? []).map((r) => entry(r, rollback?.plan_digest ?? '')),
    ];
    for (const e of entries) {
      const fields = {
        topology: e.topology,
        purpose: e.purpose,
        executor: e.executor,
        changes: e.changes,
        exit_code: e.exit_code,
        http_status: e.http_status,
        timed_out: e.timed_out,
        duration_ms: e.duration_ms,
        who: e.who,
      };
      if (e.ok) this.logger.info?.(fields, 'autoscaler: executor run');
      else this.logger.warn({ ...fields, error: e.error }, 'autoscaler: executor run failed');
    }
    // Newest first, like the evaluations: the list is pushed oldest run first.
    await this.options.store
      .appendAudit(ref, entries)
      .catch((err: unknown) =>
        this.logger.error({ ref, err: String(err) }, 'autoscaler: audit entries not stored'),
      );
  }
}

function describeFailure(runs: readonly ExecutorRun[]): string {
  const failed = runs.find((r) => !r.ok);
  if (!failed) return 'no run';
  if (failed.timed_out) return 'timed out';
  if (failed.http_status !== undefined) return `HTTP ${failed.http_status}`;
  if (failed.exit_code !== undefined && failed.exit_code !== null) return `exit code ${failed.exit_code}`;
  if (failed.signal) return `killed by ${failed.signal}`;
  return failed.error ?? 'failed';
}

/** The error code and client-safe message recorded for a failed evaluation. */
function errorOf(err: unknown): { code: string; message: string } {
  if (err instanceof ZodError) {
    const issue = err.issues[0];
    const where = issue?.path.length ? `${issue.path.join('.')}: ` : '';
    return {
      code: 'MODEL_FAILED',
      message: `The scaling advice is malformed: ${where}${issue?.message ?? ''}`,
    };
  }
  if (isAppError(err)) return { code: err.code, message: err.message };
  const body = toErrorBody(err);
  return { code: body.code, message: body.message };
}
