import { SnapshotMetricsSource } from '../../metrics/snapshot-source.js';
import { TrackerMetricsSource } from '../../metrics/tracker-source.js';
import { assertPlanFitsTopology } from '../../topology/planned-instances.js';
import type { DspsAdapter } from '../dsps-adapter.js';
import { matchTaskIds } from './heron-rate-keys.js';
import { formatInstanceId } from './instance-id.js';
import { HERON_STREAM_MANAGERS } from './metric-names.js';
import { decodePackingPlan } from './packing-plan-codec.js';
import { encodeHeronPackingPlan, packingPlanToHeronJson } from './packing-plan-encoder.js';

/** Apache Heron: packing plans (protobuf or JSON), task-id instances in numbered containers, the Tracker. */
export const heronAdapter: DspsAdapter = {
  dsps: 'heron',
  proposedPlanDescription: 'a Heron PackingPlan (protobuf bytes or JSON)',
  rateKeyStyle: 'task id',
  matchRateKeys: matchTaskIds,
  rateKeyOf: (instance) => String(instance.taskId),
  containerIdOf: (container) => `container_${container.index}`,
  instanceIdOf: (container, instance) =>
    formatInstanceId(container.index, instance.component, instance.taskId),
  streamManagerOf: (container) => `stmgr-${container.index}`,
  backpressureComponent: HERON_STREAM_MANAGERS,
  decodeProposedPlan(body, contentType, structure) {
    const plan = decodePackingPlan(body as Uint8Array | object, contentType);
    assertPlanFitsTopology(plan, structure);
    return plan;
  },
  planInSchedulerPlan: (schedulerPlan) => schedulerPlan.packing_plan,
  keepsContainerSizes: false,
  parallelismConstraints: () => ({}),
  schedulerPlan: (packed) => ({
    plan: packed,
    schedulerPlan: {
      dsps: 'heron',
      packing_plan: packingPlanToHeronJson(packed),
      packing_plan_protobuf_base64: Buffer.from(encodeHeronPackingPlan(packed)).toString('base64'),
    },
  }),
  currentSchedulerPlan: packingPlanToHeronJson,
  createPlanSource(config) {
    const heron = config.metrics.heron;
    if (heron.source === 'tracker' && heron.tracker) {
      const { url, timeoutMs, retries } = heron.tracker;
      return new TrackerMetricsSource({ url, timeoutMs, retries });
    }
    return new SnapshotMetricsSource(heron.snapshotDir);
  },
};
