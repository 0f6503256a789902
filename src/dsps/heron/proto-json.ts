import protobuf from 'protobufjs';
import { ProtoFormatError } from './proto-wire-check.js';

const INT32_TYPES = new Set(['int32', 'sint32', 'sfixed32']);
const UINT32_TYPES = new Set(['uint32', 'fixed32']);
const INT64_TYPES = new Set(['int64', 'uint64', 'sint64', 'fixed64', 'sfixed64']);
const FLOAT_TYPES = new Set(['double', 'float']);
const INTEGER_TEXT = /^-?\d+$/;
const NUMBER_TEXT = /^-?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/i;

/**
 * A message in protobuf's JSON form (https://protobuf.dev/programming-guides/json/) → a plain object keyed by
 * the declared field names: names are accepted as declared or in lowerCamelCase, int64 as numbers or decimal
 * strings (returned as numbers, refused beyond 2^53 − 1), 32-bit integers range-checked, enums by name or
 * number (returned as names), bytes as base64 text, `null` as absent. protobufjs's `toObject` output is
 * read the same way, so both formats end in one shape.
 * @throws ProtoFormatError for an unknown or duplicated field, a value of the wrong type, a missing
 * required field.
 */
export function plainFromProtoJson(type: protobuf.Type, value: unknown, path = ''): Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new ProtoFormatError(`expected an object (${shortName(type)}), got ${describe(value)}`, path);
  }
  const out: Record<string, unknown> = {};
  for (const [key, raw] of Object.entries(value)) {
    const field = type.fields[key] ?? fieldByJsonName(type, key);
    if (!field) {
      throw new ProtoFormatError(`unknown field '${key}' (${shortName(type)} has ${fieldNames(type)})`, path);
    }
    if (raw === null || raw === undefined) continue;
    if (field.name in out) {
      throw new ProtoFormatError(
        `field '${field.name}' given twice (as declared and in lowerCamelCase)`,
        path,
      );
    }
    const fieldPath = path ? `${path}.${field.name}` : field.name;
    if (field.repeated) {
      if (!Array.isArray(raw)) throw new ProtoFormatError(`expected a list, got ${describe(raw)}`, fieldPath);
      out[field.name] = raw.map((item, i) => fieldValue(field, item, `${fieldPath}[${i}]`));
    } else {
      out[field.name] = fieldValue(field, raw, fieldPath);
    }
  }
  for (const field of type.fieldsArray) {
    if (field.required && !(field.name in out)) {
      throw new ProtoFormatError(`missing required field '${field.name}'`, path);
    }
  }
  return out;
}

function fieldValue(field: protobuf.Field, raw: unknown, path: string): unknown {
  const resolved = field.resolvedType;
  if (resolved instanceof protobuf.Type) return plainFromProtoJson(resolved, raw, path);
  if (resolved instanceof protobuf.Enum) return enumName(resolved, raw, path);
  if (field.type === 'string') {
    if (typeof raw !== 'string') throw new ProtoFormatError(`expected text, got ${describe(raw)}`, path);
    return raw;
  }
  if (field.type === 'bytes') {
    if (typeof raw !== 'string')
      throw new ProtoFormatError(`expected base64 text, got ${describe(raw)}`, path);
    return raw;
  }
  if (field.type === 'bool') {
    if (typeof raw !== 'boolean')
      throw new ProtoFormatError(`expected true or false, got ${describe(raw)}`, path);
    return raw;
  }
  if (FLOAT_TYPES.has(field.type)) return floatValue(raw, path);
  if (INT64_TYPES.has(field.type)) return int64Value(raw, path);
  if (INT32_TYPES.has(field.type)) return int32Value(raw, path, -(2 ** 31), 2 ** 31 - 1);
  if (UINT32_TYPES.has(field.type)) return int32Value(raw, path, 0, 2 ** 32 - 1);
  throw new ProtoFormatError(`field type ${field.type} is not supported`, path);
}

function enumName(type: protobuf.Enum, raw: unknown, path: string): string {
  if (typeof raw === 'string' && type.values[raw] !== undefined) return raw;
  if (typeof raw === 'number' && type.valuesById[raw] !== undefined) return type.valuesById[raw] as string;
  throw new ProtoFormatError(
    `${JSON.stringify(raw)} is not a value of enum ${type.name} (${Object.keys(type.values).join(', ')})`,
    path,
  );
}

function floatValue(raw: unknown, path: string): number {
  if (typeof raw === 'number') return raw;
  if (typeof raw === 'string') {
    if (raw === 'NaN') return Number.NaN;
    if (raw === 'Infinity') return Number.POSITIVE_INFINITY;
    if (raw === '-Infinity') return Number.NEGATIVE_INFINITY;
    if (NUMBER_TEXT.test(raw)) return Number(raw);
  }
  throw new ProtoFormatError(`expected a number, got ${describe(raw)}`, path);
}

function int64Value(raw: unknown, path: string): number {
  let big: bigint;
  if (typeof raw === 'number' && Number.isInteger(raw)) big = BigInt(raw);
  else if (typeof raw === 'string' && INTEGER_TEXT.test(raw)) big = BigInt(raw);
  else throw new ProtoFormatError(`expected an integer, got ${describe(raw)}`, path);
  if (big > BigInt(Number.MAX_SAFE_INTEGER) || big < BigInt(Number.MIN_SAFE_INTEGER)) {
    throw new ProtoFormatError(`${big} is beyond ±(2^53 − 1), the largest integer read exactly`, path);
  }
  return Number(big);
}

function int32Value(raw: unknown, path: string, min: number, max: number): number {
  const value = typeof raw === 'string' && INTEGER_TEXT.test(raw) ? Number(raw) : raw;
  if (typeof value !== 'number' || !Number.isInteger(value)) {
    throw new ProtoFormatError(`expected an integer, got ${describe(raw)}`, path);
  }
  if (value < min || value > max)
    throw new ProtoFormatError(`${value} is out of range [${min}, ${max}]`, path);
  return value;
}

function fieldByJsonName(type: protobuf.Type, key: string): protobuf.Field | undefined {
  return type.fieldsArray.find((f) => (f.jsonName ?? protobuf.util.camelCase(f.name)) === key);
}

function fieldNames(type: protobuf.Type): string {
  return type.fieldsArray.map((f) => f.name).join(', ');
}

function shortName(type: protobuf.Type): string {
  return type.fullName.replace(/^\./, '');
}

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'string') return `"${value.length > 40 ? `${value.slice(0, 40)}…` : value}"`;
  if (typeof value === 'object') return 'an object';
  return String(value);
}
