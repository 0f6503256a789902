import type { PackingPlan } from '../../../src/topology/packing-plan.js';

const GiB = 1024 ** 3;
const MiB = 1024 ** 2;
const instance = (component: string, taskId: number, componentIndex: number, cpuCores: number) => ({
  component,
  taskId,
  componentIndex,
  resources: { cpuCores, ramBytes: 512 * MiB, diskBytes: GiB },
});
const containerResources = { cpuCores: 3, ramBytes: 2 * GiB, diskBytes: 4 * GiB };

/** test/fixtures/packing-plans/exclamation.txtpb, written out by hand. */
export const EXCLAMATION: PackingPlan = {
  topologyId: 'ExclamationTopology-5c5d2b6a-0f43-4ae5-b304-9055910ff7e7',
  containers: [
    {
      index: 1,
      instances: [
        instance('word', 1, 0, 1),
        instance('exclaim1', 3, 0, 0.5),
        instance('exclaim2', 5, 0, 0.5),
      ],
      requiredResources: containerResources,
      scheduledResources: containerResources,
    },
    {
      index: 2,
      instances: [
        instance('word', 2, 1, 1),
        instance('exclaim1', 4, 1, 0.5),
        instance('exclaim2', 6, 1, 0.5),
      ],
      requiredResources: containerResources,
    },
  ],
};
