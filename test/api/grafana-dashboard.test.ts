import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, type TestApp } from '../support/build-test-app.js';

interface Dashboard {
  panels: Array<{ title: string; targets: Array<{ expr: string }> }>;
}

const dashboard = JSON.parse(
  readFileSync(join(import.meta.dirname, '../../docs/grafana/augur-dashboard.json'), 'utf8'),
) as Dashboard;

describe('the Grafana dashboard (docs/grafana/augur-dashboard.json)', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await buildTestApp();
  });
  afterAll(() => t.close());

  it('reads only metrics that /metrics exposes', async () => {
    await t.app.inject({ method: 'GET', url: '/model/traffic/heron/WordCountTopology' });
    const exposed = (await t.app.inject({ method: 'GET', url: '/metrics' })).body;
    const names = new Set(
      [...exposed.matchAll(/^# TYPE (\S+) (\S+)$/gm)].flatMap(([, name, type]) =>
        type === 'histogram' ? [`${name}_bucket`, `${name}_count`, `${name}_sum`] : [name as string],
      ),
    );
    const used = dashboard.panels.flatMap((p) =>
      p.targets.flatMap((q) => q.expr.match(/augur_[a-z0-9_]+/g) ?? []),
    );
    expect(used.length).toBeGreaterThan(8);
    for (const name of used) expect(names, name).toContain(name);
  });
});
