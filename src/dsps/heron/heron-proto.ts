import { basename, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import protobuf from 'protobufjs';
import { AppError } from '../../errors.js';
import { plainFromProtoJson } from './proto-json.js';
import { checkWireFormat, ProtoFormatError } from './proto-wire-check.js';

/** The Heron messages augur decodes, by their full protobuf names. */
export const HERON_MESSAGES = {
  packingPlan: 'heron.proto.system.PackingPlan',
  physicalPlan: 'heron.proto.system.PhysicalPlan',
  topology: 'heron.proto.api.Topology',
} as const;
export type HeronMessageName = (typeof HERON_MESSAGES)[keyof typeof HERON_MESSAGES];

/** Content types that mean "protobuf bytes" (the wire format). */
export const PROTOBUF_CONTENT_TYPES = [
  'application/x-protobuf',
  'application/protobuf',
  'application/vnd.google.protobuf',
  'application/x-google-protobuf',
  'application/octet-stream',
] as const;

/** The `proto/` directory at the repository (or image) root: three levels above src/dsps/heron or dist/dsps/heron. */
const PROTO_DIR = join(dirname(fileURLToPath(import.meta.url)), '../../../proto');
const PROTO_FILES = ['packing_plan.proto', 'topology.proto', 'physical_plan.proto'];

let root: protobuf.Root | undefined;

/**
 * The protobufjs root of Heron's messages, loaded once from `proto/` with field names kept as declared
 * (`component_name`, `requiredResource`), as Heron's own code and the text format spell them.
 */
export function heronProtoRoot(): protobuf.Root {
  if (!root) {
    const loaded = new protobuf.Root();
    // Heron's files import each other by bare name ("topology.proto").
    loaded.resolvePath = (_origin, target) => join(PROTO_DIR, basename(target));
    loaded.loadSync(PROTO_FILES, { keepCase: true });
    loaded.resolveAll();
    root = loaded;
  }
  return root;
}

export function heronMessageType(name: HeronMessageName): protobuf.Type {
  return heronProtoRoot().lookupType(name);
}

/** Limits a body must keep to before it is decoded. */
export interface MessageBodyLimits {
  /** Largest body, bytes. */
  maxBytes: number;
}

/** A body as a request carries it: bytes (protobuf or JSON text), JSON text, or already-parsed JSON. */
export type MessageBody = Uint8Array | string | object;

export type BodyFormat = 'protobuf' | 'json';

/**
 * Which format a content type names: protobuf for the protobuf media types and `application/octet-stream`,
 * JSON for `application/json` and `…+json`. A `messageType` parameter, when present, must name `expected`.
 * @throws AppError `BAD_REQUEST` for any other content type or a different message type.
 */
export function bodyFormatOf(contentType: string, expected: HeronMessageName): BodyFormat {
  const [mediaType = '', ...params] = contentType.split(';').map((part) => part.trim());
  const media = mediaType.toLowerCase();
  for (const param of params) {
    const [key, value] = param.split('=').map((s) => s.trim());
    const named = value?.replace(/^"|"$/g, '');
    if (key?.toLowerCase() === 'messagetype' && named && named !== expected) {
      throw badRequest(`content type names message ${named}, expected ${expected}`, 'content-type');
    }
  }
  if ((PROTOBUF_CONTENT_TYPES as readonly string[]).includes(media)) return 'protobuf';
  if (media === 'application/json' || media.endsWith('+json')) return 'json';
  throw badRequest(
    `unsupported content type "${mediaType}"; send ${expected} as application/x-protobuf or application/json`,
    'content-type',
  );
}

/**
 * Decodes protobuf bytes of `typeName` with protobufjs into a plain object whose keys are the proto field
 * names; int64 values become numbers (rejected beyond 2^53), enums their names, bytes base64.
 *
 * Before protobufjs decodes them, the bytes are walked against the message definition, so a bad body is
 * refused with the reason and the field path: truncated bytes, a field the message does not have (another
 * message's bytes), a wrong wire type, an unknown enum value, a string that is not UTF-8, a missing
 * required field.
 * @throws AppError `BAD_REQUEST` naming the reason.
 */
export function decodeProtobufMessage(
  typeName: HeronMessageName,
  bytes: Uint8Array,
  limits: MessageBodyLimits,
): Record<string, unknown> {
  const type = heronMessageType(typeName);
  checkSize(bytes.byteLength, limits, typeName);
  try {
    checkWireFormat(type, bytes);
    const message = type.decode(bytes);
    const plain = type.toObject(message, { longs: String, enums: String, bytes: String, arrays: true });
    return plainFromProtoJson(type, plain);
  } catch (err) {
    throw asBadRequest(err, typeName);
  }
}

/**
 * Reads the JSON form of `typeName` (protobuf's JSON mapping: field names as declared or in lowerCamelCase,
 * int64 as numbers or decimal strings, enums by name or number) into the same plain object as
 * {@link decodeProtobufMessage}. Unknown fields and missing required fields are refused.
 * @throws AppError `BAD_REQUEST` naming the reason.
 */
export function decodeJsonMessage(typeName: HeronMessageName, json: unknown): Record<string, unknown> {
  try {
    return plainFromProtoJson(heronMessageType(typeName), json);
  } catch (err) {
    throw asBadRequest(err, typeName);
  }
}

/**
 * The JSON value of a body sent as JSON: parsed from bytes or text, or taken as it is.
 * @throws AppError `BAD_REQUEST` when it is too large or not JSON.
 */
export function jsonBodyValue(body: MessageBody, limits: MessageBodyLimits, what: string): unknown {
  if (typeof body !== 'string' && !(body instanceof Uint8Array)) return body;
  const text = typeof body === 'string' ? body : Buffer.from(body).toString('utf8');
  checkSize(Buffer.byteLength(text), limits, what);
  try {
    return JSON.parse(text);
  } catch (err) {
    throw badRequest(`the body is not JSON (${(err as Error).message})`, '(root)');
  }
}

/** The bytes of a body sent as protobuf. @throws AppError `BAD_REQUEST` for anything but bytes. */
export function protobufBodyBytes(body: MessageBody, what: string): Uint8Array {
  if (body instanceof Uint8Array) return body;
  throw badRequest(`a protobuf ${what} must be sent as bytes`, '(root)');
}

function checkSize(size: number, limits: MessageBodyLimits, what: string): void {
  if (size === 0) throw badRequest(`the body is empty; expected a ${what}`, '(root)');
  if (size > limits.maxBytes) {
    throw badRequest(`the body is ${size} bytes; a ${what} may have at most ${limits.maxBytes}`, '(root)');
  }
}

/** `BAD_REQUEST` with `details: {field, reason}`; the message says both. */
export function badRequest(reason: string, field: string, cause?: unknown): AppError {
  return new AppError('BAD_REQUEST', `Invalid ${field === '(root)' ? 'body' : field}: ${reason}`, {
    ...(cause ? { cause } : {}),
    details: { field, reason },
  });
}

function asBadRequest(err: unknown, typeName: string): AppError {
  if (err instanceof AppError) return err;
  if (err instanceof ProtoFormatError) return badRequest(err.reason, err.path || '(root)', err);
  // protobufjs found what the walk did not: report its words, they name the problem.
  const reason = err instanceof Error ? err.message : String(err);
  return badRequest(`not a valid ${typeName}: ${reason}`, '(root)', err);
}
