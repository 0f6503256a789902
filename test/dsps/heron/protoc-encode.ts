import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';

export const REPO_ROOT = join(import.meta.dirname, '../../..');
export const PROTO_DIR = join(REPO_ROOT, 'proto');
export const PLAN_FIXTURES = join(REPO_ROOT, 'test/fixtures/packing-plans');

/**
 * Wire bytes of a text-format fixture, written by `protoc --encode` (Debian `protobuf-compiler`): an encoder
 * independent of protobufjs, so the tests decode bytes protobufjs did not write.
 * @param protoFile a .proto path; its directory is the import path.
 */
export function protocEncode(messageType: string, textFile: string, protoFile: string): Buffer {
  try {
    return execFileSync(
      'protoc',
      [`--proto_path=${dirname(protoFile)}`, `--encode=${messageType}`, basename(protoFile)],
      { input: readFileSync(textFile), maxBuffer: 64 * 1024 * 1024, stdio: ['pipe', 'pipe', 'pipe'] },
    );
  } catch (err) {
    const e = err as NodeJS.ErrnoException & { stderr?: Buffer };
    if (e.code === 'ENOENT') {
      throw new Error(
        'protoc is not installed; the codec tests encode their fixtures with it ' +
          '(`apt-get install protobuf-compiler`, or `bash scripts/test-setup.sh`)',
      );
    }
    throw new Error(
      `protoc --encode=${messageType} ${textFile} failed: ${e.stderr?.toString() ?? e.message}`,
    );
  }
}

/** Bytes of `test/fixtures/packing-plans/<name>.txtpb` as a Heron message from proto/. */
export function heronFixtureBytes(
  name: string,
  messageType = 'heron.proto.system.PackingPlan',
  protoFile = 'packing_plan.proto',
): Buffer {
  return protocEncode(messageType, join(PLAN_FIXTURES, `${name}.txtpb`), join(PROTO_DIR, protoFile));
}

/** Bytes of a fixture encoded with the test-only all-optional twin messages (lenient.proto). */
export function lenientFixtureBytes(name: string): Buffer {
  return protocEncode(
    'lenient.PackingPlan',
    join(PLAN_FIXTURES, `${name}.txtpb`),
    join(PLAN_FIXTURES, 'lenient.proto'),
  );
}
