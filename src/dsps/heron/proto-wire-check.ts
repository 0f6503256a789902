import protobuf from 'protobufjs';

/** Why bytes are not a valid message, and where (a field path such as `container_plans[1].resource`). */
export class ProtoFormatError extends Error {
  readonly reason: string;
  readonly path: string;

  constructor(reason: string, path: string) {
    super(path ? `${path}: ${reason}` : reason);
    this.name = 'ProtoFormatError';
    this.reason = reason;
    this.path = path;
  }
}

/** Nested messages deeper than this are refused (Heron's deepest path is 5). */
const MAX_DEPTH = 32;

const WIRE_VARINT = 0;
const WIRE_FIXED64 = 1;
const WIRE_LENGTH_DELIMITED = 2;
const WIRE_FIXED32 = 5;

const VARINT_TYPES = new Set(['int32', 'int64', 'uint32', 'uint64', 'sint32', 'sint64', 'bool']);
const FIXED64_TYPES = new Set(['double', 'fixed64', 'sfixed64']);
const FIXED32_TYPES = new Set(['float', 'fixed32', 'sfixed32']);
const INT32_MIN = -(2 ** 31);
const INT32_MAX = 2 ** 31 - 1;

const utf8 = new TextDecoder('utf-8', { fatal: true });

/**
 * Walks protobuf wire-format bytes against a message definition without building the message, and throws a
 * {@link ProtoFormatError} at the first thing wrong: a tag or length running past the end (truncated
 * bytes), field number 0, a field the message does not declare (bytes of another message), a wire type the
 * field cannot have, an enum value the enum does not declare, an int32 out of range, a string that is not
 * UTF-8, a required field missing, groups (Heron uses none), or nesting deeper than 32.
 *
 * Wire format: https://protobuf.dev/programming-guides/encoding/ — tag = (field number << 3) | wire type.
 */
export function checkWireFormat(type: protobuf.Type, bytes: Uint8Array): void {
  const reader = protobuf.Reader.create(bytes);
  walkMessage(reader, type, bytes.length, '', 0);
}

function walkMessage(reader: protobuf.Reader, type: protobuf.Type, end: number, path: string, depth: number) {
  if (depth > MAX_DEPTH) throw new ProtoFormatError(`nested deeper than ${MAX_DEPTH} messages`, path);
  const seen = new Set<number>();
  const counts = new Map<number, number>();
  while (reader.pos < end) {
    const tagAt = reader.pos;
    const tag = readVarint32(reader, end, path, 'a field tag');
    const fieldNumber = tag >>> 3;
    const wireType = tag & 7;
    if (fieldNumber === 0) throw new ProtoFormatError(`field number 0 at byte ${tagAt}`, path);
    const field = type.fieldsById[fieldNumber];
    if (!field) {
      throw new ProtoFormatError(
        `field number ${fieldNumber} (byte ${tagAt}) is not declared by ${type.fullName.replace(/^\./, '')}; ` +
          'these are not its bytes (another message, or corrupted)',
        path,
      );
    }
    const index = counts.get(fieldNumber) ?? 0;
    counts.set(fieldNumber, index + 1);
    const fieldPath = joinPath(path, field.name, field.repeated ? index : undefined);
    walkField(reader, field, wireType, end, fieldPath, depth);
    seen.add(fieldNumber);
  }
  if (reader.pos !== end) throw new ProtoFormatError('a value runs past the end of its message', path);
  for (const field of type.fieldsArray) {
    if (field.required && !seen.has(field.id)) {
      throw new ProtoFormatError(`missing required field '${field.name}'`, path);
    }
  }
}

function walkField(
  reader: protobuf.Reader,
  field: protobuf.Field,
  wireType: number,
  end: number,
  path: string,
  depth: number,
): void {
  const resolved = field.resolvedType;
  if (resolved instanceof protobuf.Type) {
    expectWireType(wireType, WIRE_LENGTH_DELIMITED, field, path);
    const length = readLength(reader, end, path);
    walkMessage(reader, resolved, reader.pos + length, path, depth + 1);
    return;
  }
  if (field.type === 'string' || field.type === 'bytes') {
    expectWireType(wireType, WIRE_LENGTH_DELIMITED, field, path);
    const length = readLength(reader, end, path);
    if (field.type === 'string') {
      try {
        utf8.decode(reader.buf.subarray(reader.pos, reader.pos + length));
      } catch {
        throw new ProtoFormatError('is not valid UTF-8 text', path);
      }
    }
    reader.pos += length;
    return;
  }
  // Scalars (and enums): proto2 writes repeated ones unpacked, but parsers must read packed ones too.
  if (field.repeated && wireType === WIRE_LENGTH_DELIMITED) {
    const length = readLength(reader, end, path);
    const packedEnd = reader.pos + length;
    let i = 0;
    while (reader.pos < packedEnd) walkScalar(reader, field, packedEnd, `${path}#${i++}`);
    return;
  }
  expectWireType(wireType, scalarWireType(field), field, path);
  walkScalar(reader, field, end, path);
}

function walkScalar(reader: protobuf.Reader, field: protobuf.Field, end: number, path: string): void {
  const wire = scalarWireType(field);
  if (wire === WIRE_FIXED64 || wire === WIRE_FIXED32) {
    const size = wire === WIRE_FIXED64 ? 8 : 4;
    if (reader.pos + size > end) throw new ProtoFormatError(`truncated: ${size}-byte value cut short`, path);
    reader.pos += size;
    return;
  }
  const start = reader.pos;
  const value = readVarint64(reader, end, path);
  const resolved = field.resolvedType;
  if (resolved instanceof protobuf.Enum) {
    const number = toInt32(value);
    if (number === undefined || resolved.valuesById[number] === undefined) {
      throw new ProtoFormatError(
        `${String(value)} is not a value of enum ${resolved.name} (byte ${start})`,
        path,
      );
    }
  } else if (field.type === 'int32' && toInt32(value) === undefined) {
    throw new ProtoFormatError(`${String(value)} does not fit an int32`, path);
  }
}

function scalarWireType(field: protobuf.Field): number {
  if (field.resolvedType instanceof protobuf.Enum || VARINT_TYPES.has(field.type)) return WIRE_VARINT;
  if (FIXED64_TYPES.has(field.type)) return WIRE_FIXED64;
  if (FIXED32_TYPES.has(field.type)) return WIRE_FIXED32;
  throw new ProtoFormatError(`field type ${field.type} is not supported`, '');
}

function expectWireType(actual: number, expected: number, field: protobuf.Field, path: string): void {
  if (actual !== expected) {
    throw new ProtoFormatError(
      `wire type ${actual} cannot carry a ${field.type} (expected wire type ${expected}); ` +
        'these are not the bytes of this message',
      path,
    );
  }
}

function readLength(reader: protobuf.Reader, end: number, path: string): number {
  const at = reader.pos;
  const length = readVarint32(reader, end, path, 'a length');
  if (length > end - reader.pos) {
    throw new ProtoFormatError(
      `truncated: a length of ${length} bytes at byte ${at}, but ${end - reader.pos} are left`,
      path,
    );
  }
  return length;
}

/** A varint that must fit 32 bits unsigned (tags and lengths). */
function readVarint32(reader: protobuf.Reader, end: number, path: string, what: string): number {
  const value = readVarint64(reader, end, path);
  if (value > 0xffffffffn) throw new ProtoFormatError(`${what} of ${value} is out of range`, path);
  return Number(value);
}

/** Reads a varint (at most 10 bytes) as an unsigned 64-bit bigint, within `end`. */
function readVarint64(reader: protobuf.Reader, end: number, path: string): bigint {
  let value = 0n;
  for (let i = 0; i < 10; i++) {
    if (reader.pos >= end) throw new ProtoFormatError('truncated: the bytes end inside a number', path);
    const byte = reader.buf[reader.pos++] as number;
    value |= BigInt(byte & 0x7f) << BigInt(7 * i);
    if ((byte & 0x80) === 0) return value;
  }
  throw new ProtoFormatError('a number is longer than 10 bytes', path);
}

/** A varint read as int32 (two's complement over 64 bits, as protobuf writes negative int32s). */
function toInt32(value: bigint): number | undefined {
  const signed = BigInt.asIntN(64, value);
  return signed >= BigInt(INT32_MIN) && signed <= BigInt(INT32_MAX) ? Number(signed) : undefined;
}

function joinPath(path: string, name: string, index: number | undefined): string {
  const base = path ? `${path}.${name}` : name;
  return index === undefined ? base : `${base}[${index}]`;
}
