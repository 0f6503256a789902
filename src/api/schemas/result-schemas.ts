import { z } from 'zod';
import { ASPECTS } from '../../models/aspect.js';
import { dspsSchema } from './common-schemas.js';

/**
 * The results each model stores, for the OpenAPI document and a client generated from it. Every object is
 * loose (fields a model adds later pass through, and the response serialiser never drops one) and only the
 * fields every result of the model has are required; the rest are typed but optional. A test validates a
 * real result of every model against its schema.
 */
const num = z.number();
const nullableNum = z.number().nullable();
const minMeanMax = z.looseObject({ mean: nullableNum, max: nullableNum, min: nullableNum });
/** A quantity given as one number, or as its mean, min and max over instances or samples; null when none. */
const quantity = z
  .union([
    z.number(),
    z.looseObject({ mean: nullableNum.optional(), min: nullableNum.optional(), max: nullableNum.optional() }),
  ])
  .nullable();
const quantiles = z
  .looseObject({ p10: num, p90: num, p95: num, p99: num })
  .meta({ description: 'Quantiles over time, tuples/s.' });

const rateSummary = z
  .looseObject({
    units: z.string().meta({ description: '`tuples/s`' }),
    mean: num,
    median: num.optional(),
    max: num,
    min: num,
    quantiles: quantiles.optional(),
    samples: z.number().int().optional().meta({ description: 'Minutes with a value.' }),
  })
  .meta({ id: 'RateSummary', description: 'A spout rate over the history window, tuples/s.' });

/** `{component or instance: {stream: T}}` */
const byStream = <T extends z.ZodType>(item: T) => z.record(z.string(), z.record(z.string(), item));

export const summaryResultSchema = z
  .looseObject({
    arrival_rate: rateSummary.meta({ description: 'The whole topology: the sum over its spouts.' }),
    components: byStream(rateSummary).optional().meta({ description: '{spout: {stream: summary}}' }),
    instances: byStream(rateSummary).optional().meta({ description: '{instance: {stream: summary}}' }),
    history: z
      .looseObject({
        requested_minutes: num,
        used_minutes: num,
        from: z.string(),
        to: z.string(),
        complete: z.boolean(),
      })
      .optional(),
  })
  .meta({
    id: 'TrafficSummaryResult',
    description: 'Model `summary`: statistics of the measured spout rates.',
  });

const forecastSeries = z
  .looseObject({
    units: z.string(),
    method: z.string().meta({ description: 'The forecasting method chosen, in words.' }),
    summary: z.looseObject({ mean: num, max: num, min: num, quantiles: quantiles.optional() }),
    series: z
      .looseObject({
        timestamps: z.array(z.string()),
        mean: z.array(num),
        median: z.array(num).optional(),
        lower80: z.array(num).optional(),
        upper80: z.array(num).optional(),
        lower95: z.array(num).optional(),
        upper95: z.array(num).optional(),
      })
      .meta({ description: 'The forecast path, one point per bucket, tuples/s.' }),
    selection: z
      .looseObject({
        horizon: num.optional(),
        origins: num.optional(),
        candidates: z.array(z.looseObject({ name: z.string(), mae: nullableNum })).optional(),
        chosen: z.string().optional(),
        members: z.array(z.string()).optional(),
      })
      .optional()
      .meta({ description: 'The out-of-sample selection: candidates with their MAE, the one chosen.' }),
  })
  .meta({ id: 'RateForecast' });

export const forecastResultSchema = z
  .looseObject({
    arrival_rate: forecastSeries,
    components: byStream(forecastSeries).optional(),
    instances: byStream(forecastSeries).optional(),
    horizon: z.looseObject({ from: z.string(), to: z.string(), minutes: num, bucket_sec: num }).optional(),
  })
  .meta({ id: 'TrafficForecastResult', description: 'Model `forecast`: the spout rates predicted.' });

const backtestScores = z
  .looseObject({
    origins: num,
    selected: z.record(z.string(), num).optional(),
    methods: z
      .record(
        z.string(),
        z.looseObject({
          mase: nullableNum,
          smapePercent: nullableNum,
          coverage80: nullableNum,
          coverage95: nullableNum,
          origins: num,
          skipped: num,
        }),
      )
      .meta({ description: 'Scores of each method (the configured models and the naive baselines).' }),
  })
  .meta({ id: 'BacktestScores' });

export const backtestResultSchema = z
  .looseObject({
    horizon_minutes: num,
    topology: backtestScores,
    components: byStream(backtestScores).optional(),
  })
  .meta({
    id: 'TrafficBacktestResult',
    description:
      'A traffic backtest: rolling-origin scores of every method, for the topology and each spout stream.',
  });

const queueingInstance = z
  .looseObject({
    kind: z.enum(['spout', 'bolt']),
    component: z.string(),
    container: z.string().optional(),
    arrival_rate: quantity.optional(),
    utilisation: quantity.optional(),
    service_time_ms: quantity.optional(),
    waiting_time_ms: quantity.optional(),
    sojourn_time_ms: quantity.optional(),
    queue_length: quantity.optional(),
    state: z.string().optional(),
  })
  .meta({ id: 'QueueingInstance', description: 'One instance as a queue: λ tuples/s, ρ, times in ms.' });

export const queueingTheoryResultSchema = z
  .looseObject({
    status: z.string().meta({ description: '`solved`, or why there is no stable solution.' }),
    latency: minMeanMax
      .extend({ units: z.string(), bounded: z.boolean().optional(), at: z.string().optional() })
      .optional()
      .meta({ description: 'End-to-end latency over spout → sink paths, ms.' }),
    throughput: minMeanMax.extend({ units: z.string(), total: nullableNum.optional() }).optional(),
    backpressure: z
      .looseObject({
        threshold: num,
        active: z.boolean(),
        instances: z.array(z.unknown()),
        bottleneck: z.looseObject({}).nullable().optional(),
      })
      .optional(),
    saturation: z
      .looseObject({ headroom: nullableNum, spout_rates: z.record(z.string(), num).optional() })
      .optional()
      .meta({ description: 'The largest spout rates this plan sustains, and the headroom factor.' }),
    cpu: z.looseObject({ units: z.string(), containers: z.record(z.string(), z.looseObject({})) }).optional(),
    components: z.record(z.string(), z.looseObject({ kind: z.enum(['spout', 'bolt']) })).optional(),
    instances: z.record(z.string(), queueingInstance).optional(),
    assumptions: z.looseObject({}).optional(),
    solver: z.looseObject({}).optional(),
  })
  .meta({
    id: 'QueueingTheoryResult',
    description: 'Model `queueing-theory` (docs/queueing-model.md): the plan as a network of queues.',
  });

export const scalingResultSchema = z
  .looseObject({
    planner: z.string(),
    target_utilisation: num.optional(),
    components: z.array(
      z.looseObject({
        component: z.string(),
        kind: z.enum(['spout', 'bolt']),
        current_parallelism: z.number().int(),
        recommended_parallelism: z.number().int(),
        required_rate_per_sec: nullableNum.optional(),
        service_rate_per_instance_per_sec: nullableNum.optional(),
        current_utilisation: nullableNum.optional(),
        predicted_utilisation: nullableNum.optional(),
        bound_by: z.string().optional(),
        reasons: z.array(z.string()).optional(),
      }),
    ),
    changed: z.array(z.string()),
    plan: z.looseObject({ dsps: dspsSchema }).meta({
      description:
        'The recommended plan — Heron: `packing_plan` (JSON) and `packing_plan_protobuf_base64`; Storm: ' +
        '`assignment` and `rebalance_command` — which `POST …/proposed` accepts as it is.',
    }),
    current_plan: z.looseObject({}).optional(),
    prediction: z
      .looseObject({
        current: queueingTheoryResultSchema.optional(),
        recommended: queueingTheoryResultSchema.optional(),
      })
      .optional()
      .meta({ description: "The queueing-theory model on today's plan and on the recommended one." }),
  })
  .meta({ id: 'ScalingResult', description: 'Scaling advice (docs/scaling.md).' });

const graphEdge = z.looseObject({ source: z.string(), target: z.string() });
export const graphResultSchema = z
  .looseObject({
    components: z.array(
      z.looseObject({ name: z.string(), kind: z.enum(['spout', 'bolt']), parallelism: z.number().int() }),
    ),
    instances: z
      .record(z.string(), z.looseObject({ component: z.string(), container: z.string() }))
      .optional(),
    paths: z
      .array(z.looseObject({ components: z.array(z.string()), latency_ms: nullableNum.optional() }))
      .optional()
      .meta({ description: 'Spout → sink paths with their mean time, ms.' }),
    critical_path: z
      .looseObject({ components: z.array(z.string()) })
      .nullable()
      .optional(),
    cycles: z.array(z.unknown()).optional(),
    containers: z
      .looseObject({
        pairs: z.array(z.looseObject({ from: z.string(), to: z.string(), tuples_per_sec: num })),
      })
      .optional()
      .meta({ description: 'Tuples/s between each container pair.' }),
    logical: z
      .looseObject({ nodes: z.array(z.looseObject({ id: z.string() })), edges: z.array(graphEdge) })
      .optional()
      .meta({ description: 'Components as nodes, streams as edges with their grouping.' }),
    physical: z
      .looseObject({
        nodes: z.array(z.looseObject({ id: z.string() })),
        edges: z.array(z.looseObject({ from: z.string(), to: z.string() })),
      })
      .optional()
      .meta({ description: 'Instances as nodes, instance → instance edges with their routing probability.' }),
  })
  .meta({
    id: 'GraphResult',
    description: "Model `topology-graph` (docs/graph.md): the plan's graph analysed.",
  });

/** Each aspect's model results. */
export const MODEL_RESULT_SCHEMAS = {
  traffic: z.union([summaryResultSchema, forecastResultSchema, backtestResultSchema]),
  topology: queueingTheoryResultSchema,
  scaling: scalingResultSchema,
  graph: graphResultSchema,
} as const;

/** The result schema of one model, by the name it reports in `model_results[].model_name`. */
export function resultSchemaOfModel(aspect: keyof typeof MODEL_RESULT_SCHEMAS, modelName: string): z.ZodType {
  if (aspect === 'traffic') {
    if (modelName === 'summary') return summaryResultSchema;
    if (modelName === 'forecast') return forecastResultSchema;
    if (modelName === 'backtest') return backtestResultSchema;
  }
  return MODEL_RESULT_SCHEMAS[aspect];
}

const ASPECT_TITLES = {
  traffic: 'TrafficResult',
  topology: 'TopologyResult',
  scaling: 'ScalingAdviceResult',
  graph: 'GraphAnalysisResult',
} as const;

/** The complete result document of an aspect's poll: the common envelope, its models' typed results. */
export function completeResultSchemaOf(aspect: keyof typeof MODEL_RESULT_SCHEMAS) {
  return COMPLETE_RESULT_SCHEMAS[aspect];
}

function envelopeOf(aspect: keyof typeof MODEL_RESULT_SCHEMAS) {
  return z
    .looseObject({
      model_id: z.string(),
      status: z.literal('complete'),
      aspect: z.enum(ASPECTS),
      dsps: dspsSchema,
      topology_id: z.string(),
      cluster: z.string(),
      environ: z.string(),
      role: z.string().optional(),
      request: z.record(z.string(), z.unknown()).meta({ description: 'The normalised request parameters.' }),
      created_at: z.string(),
      completed_at: z.string(),
      prediction_duration: z.number().optional().meta({ description: 'Minutes predicted (traffic).' }),
      metrics: z
        .looseObject({ source: z.string(), window_start: z.string(), window_end: z.string() })
        .optional()
        .meta({ description: 'Where the metrics came from and the history window read.' }),
      traffic: z.looseObject({ source: z.string(), units: z.string().optional() }).optional().meta({
        description: 'The spout rates modelled (topology, scaling, graph) and where they came from.',
      }),
      plan: z
        .looseObject({ kind: z.string() })
        .optional()
        .meta({ description: 'The plan modelled: current, proposed or advised, its parallelism and graph.' }),
      model_results: z.array(
        z.looseObject({
          model_name: z.string(),
          calculation_time: z.number().meta({ description: 'Seconds the model took.' }),
          // A configured custom model (a module path in `model.*`) answers in its own shape.
          results: z.union([
            MODEL_RESULT_SCHEMAS[aspect],
            z
              .record(z.string(), z.unknown())
              .meta({ description: "A custom model's result, in the shape its module defines." }),
          ]),
        }),
      ),
    })
    .meta({ id: ASPECT_TITLES[aspect] });
}

// One schema per aspect (an OpenAPI component id may be registered once).
const COMPLETE_RESULT_SCHEMAS = {
  traffic: envelopeOf('traffic'),
  topology: envelopeOf('topology'),
  scaling: envelopeOf('scaling'),
  graph: envelopeOf('graph'),
};
