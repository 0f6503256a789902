import { describe, expect, it } from 'vitest';
import { autoscalerSchema } from '../../src/config/autoscaler-schema.js';

const topology = { dsps: 'heron', cluster: 'local', environ: 'default', topology: 'WordCountTopology' };

const messagesOf = (input: unknown): string[] => {
  const result = autoscalerSchema.safeParse(input);
  return result.success ? [] : result.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
};

describe('autoscaler configuration: defaults, strictness, executor safety', () => {
  it('defaults to off, every 5 min, forecast traffic, ±10 %, 15 min scale-down window, 10 min cooldown, 1000 entries', () => {
    expect(autoscalerSchema.parse({})).toEqual({
      enabled: false,
      queueName: 'autoscaler',
      reevaluateSec: 300,
      traffic: 'forecast',
      tolerance: 0.1,
      scaleDownStabilizationSec: 900,
      cooldownSec: 600,
      historyLimit: 1000,
      topologies: [],
    });
  });

  it('defaults a topology’s executor to advisor mode, no dry run, 30 s timeout', () => {
    expect(autoscalerSchema.parse({ topologies: [topology] }).topologies[0]).toEqual({
      ...topology,
      executor: { type: 'advisor', dryRun: false, timeoutMs: 30_000 },
    });
  });

  it('accepts a command with placeholders inside arguments, and a webhook with headers', () => {
    const parsed = autoscalerSchema.parse({
      topologies: [
        {
          ...topology,
          executor: {
            type: 'command',
            command: {
              argv: [
                'heron',
                'update',
                '{{cluster}}/{{role}}/{{environ}}',
                '{{topology}}',
                '--component-parallelism={{component}}:{{parallelism}}',
                '--plan={{plan_file}}',
              ],
            },
          },
        },
        {
          ...topology,
          topology: 'Other',
          targetUtilisation: 0.8,
          executor: {
            type: 'webhook',
            dryRun: true,
            webhook: { url: 'https://scaler.example/apply', headers: { authorization: 'Bearer x' } },
          },
        },
      ],
    });
    expect(parsed.topologies.map((t) => t.executor.type)).toEqual(['command', 'webhook']);
  });

  it.each([
    ['webhook without url', { type: 'webhook' }, 'executor.webhook.url is required'],
    ['command without argv', { type: 'command' }, 'executor.command.argv is required'],
    ['an empty argv', { type: 'command', command: { argv: [] } }, 'at least the program'],
    [
      'argv as a shell string',
      { type: 'command', command: { argv: 'heron update $(whoami)' } },
      'never a shell string',
    ],
    [
      'a placeholder as the program',
      { type: 'command', command: { argv: ['{{topology}}', 'x'] } },
      'argv[0] is the program',
    ],
    [
      'an unknown placeholder',
      { type: 'command', command: { argv: ['heron', '{{ topology }}', '{{secret}}'] } },
      'unknown placeholder "{{secret}}"',
    ],
    ['a non-http webhook', { type: 'webhook', webhook: { url: 'file:///etc/passwd' } }, 'http(s) URL'],
    ['a timeout under 100 ms', { timeoutMs: 10 }, 'timeoutMs'],
    ['an unknown executor key', { type: 'advisor', shell: true }, 'Unrecognized key'],
  ])('rejects %s', (_what, executor, message) => {
    const messages = messagesOf({ topologies: [{ ...topology, executor }] });
    expect(messages.join('\n')).toContain(message);
  });

  it.each([
    ['a topology listed twice', { topologies: [topology, topology] }, 'listed twice'],
    [
      'one topology with and without a role (sources ignore roles: two loops on one topology)',
      { topologies: [topology, { ...topology, role: 'augur' }] },
      'listed twice',
    ],
    [
      'a webhook URL holding credentials (fetch refuses it)',
      {
        topologies: [
          { ...topology, executor: { type: 'webhook', webhook: { url: 'http://u:p@hook.example/x' } } },
        ],
      },
      'must not hold credentials',
    ],
    ['a topology without dsps', { topologies: [{ ...topology, dsps: undefined }] }, 'dsps'],
    ['a target above 1', { topologies: [{ ...topology, targetUtilisation: 1.5 }] }, 'targetUtilisation'],
    ['a tolerance above 1', { tolerance: 2 }, 'tolerance'],
    ['an unknown key', { reevaluateMs: 1000 }, 'Unrecognized key'],
  ])('rejects %s', (_what, input, message) => {
    expect(messagesOf(input).join('\n')).toContain(message);
  });
});

describe('autoscaler configuration against the rest of the configuration', () => {
  it('refuses a forecast horizon (reevaluateSec + cooldownSec) longer than the history it reads', async () => {
    const { parseConfig } = await import('../../src/config/load-config.js');
    expect(() =>
      parseConfig({ autoscaler: { enabled: true, reevaluateSec: 86_400, cooldownSec: 86_400 } }),
    ).toThrow(
      /autoscaler\.cooldownSec: the loop forecasts reevaluateSec \+ cooldownSec = 2880 min ahead from traffic\.defaultSourceHours = 3 h/,
    );
    expect(() =>
      parseConfig({
        autoscaler: { enabled: true, reevaluateSec: 86_400, cooldownSec: 86_400, traffic: 'current' },
      }),
    ).not.toThrow();
  });
});
