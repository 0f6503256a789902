import type { ComponentInput, Grouping } from '../../topology/topology-structure.js';
import {
  badRequest,
  bodyFormatOf,
  decodeJsonMessage,
  decodeProtobufMessage,
  HERON_MESSAGES,
  type HeronMessageName,
  jsonBodyValue,
  type MessageBody,
  type MessageBodyLimits,
  protobufBodyBytes,
} from './heron-proto.js';
import { tryParseInstanceId } from './instance-id.js';
import type { HeronLogicalPlan } from './logical-plan.js';
import type { HeronPhysicalInstance, HeronPhysicalPlan, HeronStreamManager } from './physical-plan.js';

/** A `heron.proto.api.Topology`, as far as the models need it. */
export interface DecodedTopology {
  id: string;
  name: string;
  state: 'RUNNING' | 'PAUSED' | 'KILLED';
  /** Components and streams, with the grouping fields the Tracker's JSON leaves out. */
  logicalPlan: HeronLogicalPlan;
}

/** A physical-plan instance decoded from protobuf also knows its component index. */
export interface DecodedPhysicalInstance extends HeronPhysicalInstance {
  componentIndex: number;
}

/** A `heron.proto.system.PhysicalPlan`: the topology it runs, its instances and stream managers. */
export interface DecodedPhysicalPlan {
  topology: DecodedTopology;
  physicalPlan: HeronPhysicalPlan & { instances: Record<string, DecodedPhysicalInstance> };
}

const DEFAULT_LIMITS: MessageBodyLimits = { maxBytes: 64 * 1024 * 1024 };

/**
 * Decodes a `heron.proto.api.Topology` (proto/topology.proto) sent as protobuf bytes or in its JSON form.
 * @throws AppError `BAD_REQUEST` with the reason and field path.
 */
export function decodeTopology(
  body: MessageBody,
  contentType: string,
  limits: MessageBodyLimits = DEFAULT_LIMITS,
): DecodedTopology {
  return topologyFromMessage(
    decode(HERON_MESSAGES.topology, body, contentType, limits) as unknown as TopologyMessage,
    '',
  );
}

/**
 * Decodes a `heron.proto.system.PhysicalPlan` (proto/physical_plan.proto) sent as protobuf bytes or in its
 * JSON form. Instance ids must read `container_<n>_<component>_<task id>` and agree with the instance's
 * info.
 * @throws AppError `BAD_REQUEST` with the reason and field path.
 */
export function decodePhysicalPlan(
  body: MessageBody,
  contentType: string,
  limits: MessageBodyLimits = DEFAULT_LIMITS,
): DecodedPhysicalPlan {
  const message = decode(
    HERON_MESSAGES.physicalPlan,
    body,
    contentType,
    limits,
  ) as unknown as PhysicalPlanMessage;
  const topology = topologyFromMessage(message.topology, 'topology.');
  const instances: Record<string, DecodedPhysicalInstance> = {};
  const stmgrOf = new Map<string, string>();
  (message.instances ?? []).forEach((instance, i) => {
    const path = `instances[${i}]`;
    const parsed = tryParseInstanceId(instance.instance_id);
    if (!parsed) {
      throw badRequest(
        `"${instance.instance_id}" is not container_<n>_<component>_<task id>`,
        `${path}.instance_id`,
      );
    }
    if (parsed.component !== instance.info.component_name || parsed.taskId !== instance.info.task_id) {
      throw badRequest(
        `"${instance.instance_id}" disagrees with info (component ${instance.info.component_name}, ` +
          `task ${instance.info.task_id})`,
        `${path}.instance_id`,
      );
    }
    if (instances[parsed.id]) throw badRequest(`"${parsed.id}" is listed twice`, `${path}.instance_id`);
    instances[parsed.id] = {
      id: parsed.id,
      component: parsed.component,
      taskId: parsed.taskId,
      componentIndex: instance.info.component_index,
      container: parsed.container,
      stmgrId: instance.stmgr_id,
    };
    stmgrOf.set(parsed.id, instance.stmgr_id);
  });
  const stmgrs: Record<string, HeronStreamManager> = {};
  (message.stmgrs ?? []).forEach((stmgr, i) => {
    if (stmgrs[stmgr.id]) throw badRequest(`stream manager "${stmgr.id}" is listed twice`, `stmgrs[${i}].id`);
    stmgrs[stmgr.id] = {
      id: stmgr.id,
      host: stmgr.host_name,
      port: stmgr.data_port,
      instanceIds: [...stmgrOf]
        .filter(([, s]) => s === stmgr.id)
        .map(([id]) => id)
        .sort(),
    };
  });
  for (const instance of Object.values(instances)) {
    if (instance.stmgrId && !stmgrs[instance.stmgrId]) {
      throw badRequest(
        `instance ${instance.id} names stream manager "${instance.stmgrId}", which is not listed`,
        'instances',
      );
    }
  }
  return { topology, physicalPlan: { instances, stmgrs } };
}

function decode(
  typeName: HeronMessageName,
  body: MessageBody,
  contentType: string,
  limits: MessageBodyLimits,
): Record<string, unknown> {
  if (bodyFormatOf(contentType, typeName) === 'protobuf') {
    return decodeProtobufMessage(typeName, protobufBodyBytes(body, typeName), limits);
  }
  return decodeJsonMessage(typeName, jsonBodyValue(body, limits, typeName));
}

interface StreamIdMessage {
  id: string;
  component_name: string;
}
interface OutputStreamMessage {
  stream: StreamIdMessage;
}
interface InputStreamMessage {
  stream: StreamIdMessage;
  gtype: Grouping;
  grouping_fields?: { keys?: Array<{ key: string }> };
}
interface TopologyMessage {
  id: string;
  name: string;
  state: DecodedTopology['state'];
  spouts?: Array<{ comp: { name: string }; outputs?: OutputStreamMessage[] }>;
  bolts?: Array<{ comp: { name: string }; inputs?: InputStreamMessage[]; outputs?: OutputStreamMessage[] }>;
}
interface PhysicalPlanMessage {
  topology: TopologyMessage;
  stmgrs?: Array<{ id: string; host_name: string; data_port: number }>;
  instances?: Array<{
    instance_id: string;
    stmgr_id: string;
    info: { task_id: number; component_index: number; component_name: string };
  }>;
}

function topologyFromMessage(message: TopologyMessage, prefix: string): DecodedTopology {
  const names = new Set<string>();
  const claim = (name: string, path: string) => {
    if (names.has(name)) throw badRequest(`component "${name}" is declared twice`, path);
    names.add(name);
  };
  const outputsOf = (outputs: OutputStreamMessage[] | undefined) => [
    ...new Set((outputs ?? []).map((o) => o.stream.id)),
  ];
  const spouts: HeronLogicalPlan['spouts'] = {};
  (message.spouts ?? []).forEach((spout, i) => {
    claim(spout.comp.name, `${prefix}spouts[${i}].comp.name`);
    spouts[spout.comp.name] = { outputStreams: outputsOf(spout.outputs) };
  });
  const bolts: HeronLogicalPlan['bolts'] = {};
  (message.bolts ?? []).forEach((bolt, i) => {
    claim(bolt.comp.name, `${prefix}bolts[${i}].comp.name`);
    bolts[bolt.comp.name] = {
      outputStreams: outputsOf(bolt.outputs),
      inputs: (bolt.inputs ?? []).map(
        (input): ComponentInput => ({
          component: input.stream.component_name,
          stream: input.stream.id,
          grouping: input.gtype,
          groupingFields: (input.grouping_fields?.keys ?? []).map((k) => k.key),
        }),
      ),
    };
  });
  return { id: message.id, name: message.name, state: message.state, logicalPlan: { spouts, bolts } };
}
