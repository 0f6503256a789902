import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { EXIT_CODES, exitCodeOf } from '../../src/cli/exit-codes.js';
import { parseFailOn } from '../../src/cli/fail-on.js';
import { modelRequestOf, queryOf } from '../../src/cli/model-request.js';
import { readPlanFile } from '../../src/cli/plan-file.js';
import { progressReporter } from '../../src/cli/progress-reporter.js';
import { textTable } from '../../src/cli/text-table.js';
import { ApiError } from '../../src/ui/shared/api-client.js';
import { capturedOutput } from './support/captured-output.js';

describe('--fail-on conditions', () => {
  it.each([
    ['backpressure', [{ kind: 'backpressure' }]],
    ['utilisation>0.8', [{ kind: 'utilisation', above: 0.8 }]],
    ['rho > 0.9', [{ kind: 'utilisation', above: 0.9 }]],
    ['latency>50ms', [{ kind: 'latency', aboveMs: 50 }]],
    ['backpressure,cpu', [{ kind: 'backpressure' }, { kind: 'cpu' }]],
  ])('parses %j', (text, expected) => {
    expect(parseFailOn(text)).toEqual(expected);
  });

  it.each(['utilisation', 'utilisation>0', 'utilisation>0.8ms', 'errors', 'latency<5'])(
    'refuses %j, naming the forms it takes',
    (text) => {
      expect(() => parseFailOn(text)).toThrow(/--fail-on/);
    },
  );
});

describe('exit codes', () => {
  it.each([
    [new ApiError(404, 'TOPOLOGY_NOT_FOUND', 'no'), EXIT_CODES.refused],
    [new ApiError(400, 'BAD_REQUEST', 'no'), EXIT_CODES.refused],
    [new ApiError(200, 'NO_METRICS', 'a failed job'), EXIT_CODES.refused],
    [new ApiError(200, 'METRICS_UNAVAILABLE', 'a failed job, transient'), EXIT_CODES.unavailable],
    [new ApiError(503, 'QUEUE_UNAVAILABLE', 'no'), EXIT_CODES.unavailable],
    [new ApiError(502, 'HTTP_502', 'a proxy'), EXIT_CODES.unavailable],
    [new ApiError(0, 'UNREACHABLE', 'no answer'), EXIT_CODES.unavailable],
    [new Error('ENOENT'), EXIT_CODES.usage],
  ])('%s → %i', (err, code) => {
    expect(exitCodeOf(err)).toBe(code);
  });
});

describe('model requests', () => {
  it('sends name=value arguments in order, repeated names repeated', () => {
    expect(queryOf(['sentence=150', 'model=a', 'model=b'])).toBe('?sentence=150&model=a&model=b');
    expect(queryOf([])).toBe('');
    expect(() => queryOf(['150'])).toThrow(/"150" is not name=value/);
  });

  it('maps each aspect to its route', () => {
    const plan = { body: new Uint8Array([1]), contentType: 'application/x-protobuf' as const };
    expect(modelRequestOf('current', 'heron', 'T', ['5=1']).path).toBe('/model/topology/heron/current/T?5=1');
    expect(modelRequestOf('proposed', 'heron', 'T', [], plan)).toMatchObject({
      method: 'POST',
      path: '/model/topology/heron/proposed/T',
    });
    expect(modelRequestOf('graph', 'storm', 'T', [], plan).path).toBe('/model/graph/storm/T/proposed');
    expect(modelRequestOf('scaling', 'heron', 'T', ['planner=formula']).path).toBe(
      '/model/scaling/heron/T?planner=formula',
    );
    expect(() => modelRequestOf('proposed', 'heron', 'T', [])).toThrow(/--plan FILE/);
    expect(() => modelRequestOf('traffic', 'heron', 'T', [], plan)).toThrow(/--plan goes with/);
  });
});

describe('plan files', () => {
  const dir = mkdtempSync(join(tmpdir(), 'augur-plan-'));
  const file = (name: string, content: string | Uint8Array) => {
    const path = join(dir, name);
    writeFileSync(path, content);
    return path;
  };

  it.each([
    ['plan.json', 'not even json', 'application/json'],
    ['plan.pb', '{"looks": "like json"}', 'application/x-protobuf'],
    ['plan', '\n  {"id": "x"}', 'application/json'],
    ['plan.txt', new Uint8Array([0x0a, 0x05, 0x57, 0x6f, 0x72, 0x64, 0x43]), 'application/x-protobuf'],
  ])('%s is sent as the extension says, else as its content looks', (name, content, type) => {
    expect(readPlanFile(file(name, content)).contentType).toBe(type);
  });
});

describe('text tables', () => {
  it('pads columns and right-aligns the numeric ones, header included', () => {
    expect(
      textTable(
        ['instance', 'ρ'],
        [
          ['a', '0.5'],
          ['long_name', '1.19'],
        ],
        '',
      ),
    ).toBe(['instance      ρ', 'a           0.5', 'long_name  1.19'].join('\n'));
  });
});

describe('progress on stderr', () => {
  it('draws a bar redrawn in place on a terminal, and clears it when done', () => {
    const { written: out, io } = capturedOutput(true);
    const bar = progressReporter(io, 'current');
    bar.accepted('topology-x');
    bar.progress(50, 'running');
    bar.done();
    expect(out.stderr).toContain('\rcurrent topology-x ███████████████░░░░░░░░░░░░░░░  50 % running');
    expect(out.stderr.endsWith('\r\x1b[2K')).toBe(true);
    expect(out.stdout).toBe('');
  });

  it('writes one plain line elsewhere', () => {
    const { written: out, io } = capturedOutput(false);
    const bar = progressReporter(io, 'current');
    bar.accepted('topology-x');
    bar.progress(50, 'running');
    bar.done();
    expect(out.stderr).toBe('augur: current topology-x accepted, waiting for the result\n');
  });
});
