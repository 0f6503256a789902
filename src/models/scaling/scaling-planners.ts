import { backlogPlanner } from './backlog-planner.js';
import { formulaPlanner } from './formula-planner.js';
import type { ScalingPlanner } from './scaling-planner.js';
import type { PlannerName } from './scaling-settings.js';
import { utilisationPlanner } from './utilisation-planner.js';

/** The planners augur ships, by the name `settings.planner` selects. */
export const SCALING_PLANNERS: Readonly<Record<PlannerName, ScalingPlanner>> = {
  utilisation: utilisationPlanner,
  backlog: backlogPlanner,
  formula: formulaPlanner,
};
