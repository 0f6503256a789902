import type { ErrorBody } from '../errors.js';
import type { Aspect } from '../models/aspect.js';
import type { TopologyRef } from '../topology/topology-ref.js';
import type { GraphJobParams } from './params/graph-params.js';
import type { ScalingJobParams } from './params/scaling-params.js';
import type { TopologyJobParams } from './params/topology-params.js';
import type { TrafficBacktestParams, TrafficJobParams } from './params/traffic-params.js';

/** The normalised request parameters of each aspect (what the model id was hashed from, minus the topology). */
export interface JobParamsOf {
  traffic: TrafficJobParams | TrafficBacktestParams;
  topology: TopologyJobParams;
  scaling: ScalingJobParams;
  graph: GraphJobParams;
}

/** The payload a model job of one aspect carries from the API to a worker. Plain JSON: it travels through Redis. */
export interface ModelJobOf<A extends Aspect> {
  modelId: string;
  aspect: A;
  ref: TopologyRef;
  /** Model names, in the order they run. */
  models: string[];
  params: JobParamsOf[A];
  /** Whole minute the request was made in, Unix seconds: fixes the metrics window. */
  requestedAtSec: number;
  /** ISO-8601 time the request was first accepted. */
  createdAt: string;
}

/** A model job of any aspect, discriminated by `aspect`. */
export type ModelJobData = { [A in Aspect]: ModelJobOf<A> }[Aspect];

export interface ModelResultEntry {
  model_name: string;
  /** Wall time the model took, seconds. */
  calculation_time: number;
  results: Record<string, unknown>;
}

/** The document a client gets back when the job completed. */
export interface CompleteResult {
  model_id: string;
  status: 'complete';
  aspect: Aspect;
  dsps: TopologyRef['dsps'];
  topology_id: string;
  cluster: string;
  environ: string;
  role?: string;
  request: Record<string, unknown>;
  created_at: string;
  completed_at: string;
  model_results: ModelResultEntry[];
  [extra: string]: unknown;
}

/** The document a client gets back when the job failed for good. */
export interface FailedResult {
  model_id: string;
  status: 'failed';
  aspect: Aspect;
  dsps: TopologyRef['dsps'];
  topology_id: string;
  created_at: string;
  failed_at: string;
  error: ErrorBody;
}

export type StoredResult = CompleteResult | FailedResult;

/** What polling a model id tells: still queued or running (with progress 0–100), or the stored result. */
export type JobStatus =
  | { state: 'pending' | 'running'; progress: number; job: Pick<ModelJobData, 'aspect' | 'ref' | 'modelId'> }
  | { state: 'complete' | 'failed'; result: StoredResult };
