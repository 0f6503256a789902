import { AppError } from '../../errors.js';
import { StormSnapshotSource } from '../../metrics/storm-snapshot-source.js';
import { StormUiMetricsSource } from '../../metrics/storm-ui-source.js';
import type { DspsAdapter } from '../dsps-adapter.js';
import { decodeStormAssignment, stormAssignmentOf } from './storm-assignment.js';
import { matchExecutorRanges } from './storm-rate-keys.js';
import { stormRebalanceOf, stormTasksByComponent } from './storm-rebalance.js';
import { stormInstanceId } from './storm-structure.js';

/** Apache Storm: worker-slot assignments (JSON), executors running task ranges, the Storm UI. */
export const stormAdapter: DspsAdapter = {
  dsps: 'storm',
  proposedPlanDescription: 'a Storm worker-slot assignment (JSON)',
  rateKeyStyle: 'task range',
  matchRateKeys: matchExecutorRanges,
  rateKeyOf: (instance) => `${instance.taskId}-${instance.lastTaskId ?? instance.taskId}`,
  // A proposed assignment names its worker slots; a plan packed by augur numbers them until placed.
  containerIdOf: (container) => container.name ?? `container_${container.index}`,
  instanceIdOf: (_container, instance) =>
    stormInstanceId(instance.component, {
      startTask: instance.taskId,
      endTask: instance.lastTaskId ?? instance.taskId,
    }),
  decodeProposedPlan(body, contentType, structure) {
    if (Buffer.isBuffer(body) || body instanceof Uint8Array) {
      throw new AppError(
        'BAD_REQUEST',
        `content-type: a Storm assignment is JSON; send it as application/json, not "${contentType}"`,
        { details: { field: 'content-type', reason: 'unsupported content type' } },
      );
    }
    return decodeStormAssignment(body, structure);
  },
  planInSchedulerPlan: (schedulerPlan) => schedulerPlan.assignment,
  keepsContainerSizes: true,
  // An executor runs at least one task, and a topology's tasks are fixed when it is submitted.
  parallelismConstraints: (structure) =>
    Object.fromEntries(
      Object.entries(stormTasksByComponent(structure)).map(([component, tasks]) => [
        component,
        { max: tasks.length, maxParallelism: tasks.length, alignAnyGrouping: true },
      ]),
    ),
  schedulerPlan(packed, structure, currentPlan) {
    const slots = (currentPlan?.containers ?? []).flatMap((c) => (c.name ? [c.name] : []));
    const { assignment, command, plan } = stormRebalanceOf(packed, structure, slots);
    return { plan, schedulerPlan: { dsps: 'storm', assignment, rebalance_command: command } };
  },
  currentSchedulerPlan: stormAssignmentOf,
  createPlanSource(config) {
    const storm = config.metrics.storm;
    if (storm.source === 'ui' && storm.ui) {
      const { cluster, environ } = config.defaults.storm;
      // One job reads the same pages several times (structure, assignment, metrics): reuse them for 5 s.
      return new StormUiMetricsSource({ ...storm.ui, cluster, environ, cacheMs: 5000 });
    }
    return new StormSnapshotSource(storm.snapshotDir);
  },
};
