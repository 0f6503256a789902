import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { startAugur } from '../support/augur-process.js';

const TAXI = 'test/fixtures/traffic/nyc_taxi-5weeks.csv';

async function run(args: string[]) {
  const proc = startAugur(args, {});
  const code = await proc.exited;
  return { code, output: proc.output() };
}

describe('augur forecast / augur backtest', () => {
  it('prints a forecast with ordered 80 % and 95 % bands for a CSV', async () => {
    const { code, output } = await run(['forecast', '--csv', TAXI, '--horizon', '4']);
    expect(code, output).toBe(0);
    const result = JSON.parse(output);
    expect(result.input.stepSec).toBe(1800);
    const f = result.forecast;
    expect(f.timestamps).toEqual([
      '2014-10-28T00:00:00.000Z',
      '2014-10-28T00:30:00.000Z',
      '2014-10-28T01:00:00.000Z',
      '2014-10-28T01:30:00.000Z',
    ]);
    for (let i = 0; i < 4; i++) {
      expect(f.lower95[i]).toBeLessThanOrEqual(f.lower80[i]);
      expect(f.lower80[i]).toBeLessThanOrEqual(f.mean[i]);
      expect(f.mean[i]).toBeLessThanOrEqual(f.upper80[i]);
      expect(f.upper80[i]).toBeLessThanOrEqual(f.upper95[i]);
    }
  });

  it('prints rolling-origin metrics for every model, the forecaster beating seasonal naive on NYC taxi', async () => {
    const { code, output } = await run(['backtest', '--csv', TAXI, '--horizon', '4']);
    expect(code, output).toBe(0);
    const { methods } = JSON.parse(output);
    expect(Object.keys(methods)).toEqual(
      expect.arrayContaining(['forecast', 'summary', 'snaive-day', 'naive']),
    );
    expect(methods.forecast.mase).toBeLessThan(methods['snaive-day'].mase);
    expect(methods.forecast.coverage80).toBeGreaterThan(0.5);
  });

  it.each([
    [['forecast', '--csv', TAXI, '--horizon', '0'], /--horizon.*whole number greater than 0/],
    [['forecast', '--csv', TAXI, '--horizon', '2', '--model', 'prophet'], /--model.*must be one of auto/],
    [['forecast', '--csv', 'nowhere.csv', '--horizon', '2'], /nowhere\.csv/],
  ])('refuses %j with a clear message', async (args, message) => {
    const { code, output } = await run(args);
    expect(code).toBe(1);
    expect(output).toMatch(message);
  });

  it('names the line of a malformed CSV', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'augur-csv-'));
    const csv = join(dir, 'bad.csv');
    writeFileSync(csv, 'timestamp,value\n2014-10-28 00:00:00,5\nnot a row\n');
    const { code, output } = await run(['forecast', '--csv', csv, '--horizon', '2']);
    expect(code).toBe(1);
    expect(output).toMatch(/line 3/);
  });
});
