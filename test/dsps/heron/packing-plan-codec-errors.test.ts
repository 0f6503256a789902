import { describe, expect, it } from 'vitest';
import { decodePackingPlan, type PackingPlanLimits } from '../../../src/dsps/heron/packing-plan-codec.js';
import { type AppError, isAppError } from '../../../src/errors.js';
import { heronFixtureBytes, lenientFixtureBytes } from './protoc-encode.js';

const PROTOBUF = 'application/x-protobuf';
const JSON_TYPE = 'application/json';

/** The AppError a decode throws (the test fails when it throws anything else, or nothing). */
function decodeError(
  body: Parameters<typeof decodePackingPlan>[0],
  contentType: string,
  limits?: Partial<PackingPlanLimits>,
): AppError {
  try {
    decodePackingPlan(body, contentType, limits);
  } catch (err) {
    if (isAppError(err)) return err;
    throw new Error(`expected an AppError, got ${String(err)}`);
  }
  throw new Error('expected the decode to fail');
}

const exclamation = () => heronFixtureBytes('exclamation');

describe('decodePackingPlan refuses bad bodies with 400 BAD_REQUEST and the reason', () => {
  it.each([
    ['cut inside the topology id', 10, /^id$/, /truncated: a length of 56 bytes/],
    ['cut inside the first container', 100, /^container_plans\[0\]$/, /truncated/],
    ['cut one byte short', -1, /^container_plans\[1\]/, /truncated/],
  ])('truncated bytes: %s', (_, cut, field, reason) => {
    const bytes = exclamation();
    const err = decodeError(bytes.subarray(0, cut < 0 ? bytes.length + cut : cut), PROTOBUF);
    expect(err.code).toBe('BAD_REQUEST');
    expect(err.httpStatus).toBe(400);
    expect(err.details?.field).toMatch(field);
    expect(err.details?.reason).toMatch(reason);
    expect(err.message).toContain(String(err.details?.reason));
  });

  it('bytes of another message (a PhysicalPlan) are refused as not a PackingPlan', () => {
    const physical = heronFixtureBytes(
      'word-count-physical-plan',
      'heron.proto.system.PhysicalPlan',
      'physical_plan.proto',
    );
    const err = decodeError(physical, PROTOBUF);
    expect(err.code).toBe('BAD_REQUEST');
    expect(err.details?.reason).toMatch(
      /not declared by heron\.proto\.system\.PackingPlan|wire type|not valid UTF-8|missing required/,
    );
  });

  it('a content type naming another message type is refused before decoding', () => {
    const err = decodeError(
      exclamation(),
      'application/x-protobuf; messageType=heron.proto.system.PhysicalPlan',
    );
    expect(err.details).toMatchObject({ field: 'content-type' });
    expect(err.message).toMatch(/expected heron\.proto\.system\.PackingPlan/);
  });

  it.each([
    ['missing-ram', 'container_plans[0].instance_plans[1].resource', "missing required field 'ram'"],
    ['missing-required-resource', 'container_plans[0]', "missing required field 'requiredResource'"],
  ])('missing required field (%s, encoded by protoc from all-optional twins)', (fixture, field, reason) => {
    const err = decodeError(lenientFixtureBytes(fixture), PROTOBUF);
    expect(err.details).toEqual({ field, reason });
    expect(err.message).toBe(`Invalid ${field}: ${reason}`);
  });

  it.each([
    ['absurd-ram', 'container_plans[0].instance_plans[0].resource.ram', /4611686018427387904 is beyond/],
    ['negative-cpu', 'container_plans[0].requiredResource.cpu', /-2 is negative/],
    ['duplicate-task-id', 'container_plans[1].instance_plans[0].task_id', /task id 1 is also/],
  ])('an impossible plan in valid protobuf (%s)', (fixture, field, reason) => {
    const err = decodeError(heronFixtureBytes(fixture), PROTOBUF);
    expect(err.code).toBe('BAD_REQUEST');
    expect(err.details?.field).toBe(field);
    expect(err.details?.reason).toMatch(reason);
  });

  it.each([
    ['a body over maxBytes', { maxBytes: 100 }, /the body is 363 bytes; a .* may have at most 100/],
    ['more containers than maxContainers', { maxContainers: 1 }, /2 containers; a plan may have at most 1/],
    ['more instances than maxInstances', { maxInstances: 5 }, /6 instances; a plan may have at most 5/],
    ['more RAM than maxRamBytes', { maxRamBytes: 1024 }, /2147483648 bytes is beyond the limit of 1024/],
    ['more CPU than maxCpuCores', { maxCpuCores: 0.75 }, /3 cores is beyond the limit of 0.75/],
  ])('absurd sizes: %s', (_, limits, reason) => {
    expect(decodeError(exclamation(), PROTOBUF, limits).details?.reason).toMatch(reason);
  });

  it.each([
    // A length prefix of 2^32 − 1 bytes for container_plans (field 2, wire type 2): absurd, and past the end.
    [
      'a length prefix of 4 GiB',
      [0x0a, 0x01, 0x54, 0x12, 0xff, 0xff, 0xff, 0xff, 0x0f],
      /length of 4294967295 bytes/,
    ],
    // container_plans[0].id (an int32 varint) written with 11 bytes.
    [
      'a varint longer than 10 bytes',
      [0x12, 12, 0x08, ...Array(10).fill(0xff), 0x01],
      /longer than 10 bytes/,
    ],
    ['a varint for a string', [0x08, 0x01], /wire type 0 cannot carry a string/],
    ['field number 0', [0x02, 0x00], /field number 0/],
    ['a group wire type', [0x0b, 0x0c], /wire type 3/],
    ['a string that is not UTF-8', [0x0a, 0x02, 0xc3, 0x28], /not valid UTF-8/],
    ['an undeclared field', [0x0a, 0x01, 0x54, 0x78, 0x01], /field number 15 .* not declared/],
    ['an empty body', [], /empty/],
  ])('malformed bytes: %s', (_, bytes, reason) => {
    const err = decodeError(Buffer.from(bytes), PROTOBUF);
    expect(err.code).toBe('BAD_REQUEST');
    expect(err.details?.reason).toMatch(reason);
  });

  it.each([
    ['text that is not JSON', '{"id": ', /not JSON/],
    ['an unknown field', { id: 'T', containers: [] }, /unknown field 'containers'/],
    ['a field given in both spellings', { id: 'T', container_plans: [], containerPlans: [] }, /given twice/],
    ['a missing required field', { container_plans: [] }, /missing required field 'id'/],
    [
      'an int64 beyond 2^53',
      {
        id: 'T',
        container_plans: [{ id: 1, requiredResource: { cpu: 1, ram: '9007199254740993', disk: 1 } }],
      },
      /beyond/,
    ],
    [
      'an int32 out of range',
      { id: 'T', container_plans: [{ id: 2 ** 31, requiredResource: { cpu: 1, ram: 1, disk: 1 } }] },
      /out of range/,
    ],
    [
      'a string for a number',
      { id: 'T', container_plans: [{ id: 1, requiredResource: { cpu: 'lots', ram: 1, disk: 1 } }] },
      /expected a number/,
    ],
    ['a list that is an object', { id: 'T', container_plans: {} }, /expected a list/],
    [
      'NaN cpu',
      { id: 'T', container_plans: [{ id: 1, requiredResource: { cpu: 'NaN', ram: 1, disk: 1 } }] },
      /not a finite number/,
    ],
    ['an empty topology id', { id: '', container_plans: [] }, /must not be empty/],
    [
      'a Tracker plan with a missing field',
      { id: 'T', container_plans: [{ id: 1, instances: [], required_resources: { cpu: 1, ram: 1 } }] },
      /disk/,
    ],
    [
      'a Tracker failure envelope',
      { status: 'failure', message: 'boom', result: {}, executiontime: 1 },
      /Tracker/,
    ],
  ])('bad JSON: %s', (_, body, reason) => {
    const err = decodeError(body as object, JSON_TYPE);
    expect(err.code).toBe('BAD_REQUEST');
    expect(err.httpStatus).toBe(400);
    expect(`${err.message} ${String(err.details?.reason)}`).toMatch(reason);
  });

  it.each([
    ['text/plain', /unsupported content type "text\/plain"/],
    ['', /unsupported content type/],
  ])('an unsupported content type (%j)', (contentType, reason) => {
    expect(decodeError(exclamation(), contentType).message).toMatch(reason);
  });

  it('a protobuf content type with a body that is not bytes', () => {
    expect(decodeError({ id: 'T' }, PROTOBUF).message).toMatch(/must be sent as bytes/);
  });

  it('never leaks a stack trace or a class name into the message', () => {
    const err = decodeError(exclamation().subarray(0, 50), PROTOBUF);
    expect(err.message).not.toMatch(/at .*\.ts|RangeError|ProtoFormatError/);
  });
});
