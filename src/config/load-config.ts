import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parse as parseYaml } from 'yaml';
import type { z } from 'zod';
import { AppError } from '../errors.js';
import { type Config, configSchema } from './config-schema.js';

/** Files read first, in this order; any other `*.yaml` in the directory follows, alphabetically. */
const ORDERED_FILES = ['default.yaml', 'heron.yaml', 'storm.yaml'];
const ENV_PREFIX = 'AUGUR_';

type Tree = Record<string, unknown>;

export interface LoadConfigOptions {
  /** Directory of YAML files; `AUGUR_CONFIG_DIR`, else `./config`. */
  dir?: string;
  /** Environment to read overrides from. @defaultValue process.env */
  env?: NodeJS.ProcessEnv;
  /** Last-applied overrides (used by the CLI's flags and by tests). */
  overrides?: Tree;
}

/**
 * Builds the one typed, frozen Config: YAML files of the config directory merged in order, then
 * environment overrides (`REDIS_URL`, `HOST`, `PORT`, `AUGUR_<PATH>` with `__` between path parts),
 * then explicit overrides, validated with zod. This is the only place that reads process.env.
 */
export function loadConfig(options: LoadConfigOptions = {}): Readonly<Config> {
  const env = options.env ?? process.env;
  const dir = resolve(options.dir ?? env.AUGUR_CONFIG_DIR ?? 'config');
  let tree: Tree = {};
  for (const file of configFiles(dir)) {
    tree = deepMerge(tree, readYaml(join(dir, file)));
  }
  tree = deepMerge(tree, envOverrides(env));
  if (options.overrides) tree = deepMerge(tree, options.overrides);
  return deepFreeze(parseConfig(tree));
}

/** Validates a config tree; the error names every offending key and what is wrong with it. */
export function parseConfig(tree: unknown): Config {
  const parsed = configSchema.safeParse(tree);
  if (!parsed.success) {
    throw new AppError('CONFIG_INVALID', `Invalid configuration:\n${formatIssues(parsed.error)}`);
  }
  return parsed.data;
}

function formatIssues(error: z.ZodError): string {
  return error.issues
    .map((issue) => {
      const key = issue.path.join('.') || '(root)';
      const extra = issue.code === 'unrecognized_keys' ? ` (${issue.keys.join(', ')})` : '';
      return `  - ${key}: ${issue.message}${extra}`;
    })
    .join('\n');
}

function configFiles(dir: string): string[] {
  if (!existsSync(dir)) return [];
  const yamlFiles = readdirSync(dir).filter((f) => f.endsWith('.yaml') || f.endsWith('.yml'));
  const rest = yamlFiles.filter((f) => !ORDERED_FILES.includes(f)).sort();
  return [...ORDERED_FILES.filter((f) => yamlFiles.includes(f)), ...rest];
}

function readYaml(path: string): Tree {
  let doc: unknown;
  try {
    doc = parseYaml(readFileSync(path, 'utf8'));
  } catch (err) {
    throw new AppError('CONFIG_INVALID', `Invalid configuration file ${path}: ${(err as Error).message}`);
  }
  if (doc === null || doc === undefined) return {};
  if (!isTree(doc)) throw new AppError('CONFIG_INVALID', `Invalid configuration file ${path}: not a mapping`);
  return doc;
}

function envOverrides(env: NodeJS.ProcessEnv): Tree {
  let tree: Tree = {};
  const set = (path: string[], raw: string) => {
    tree = deepMerge(
      tree,
      path.reduceRight<unknown>((value, key) => ({ [key]: value }), parseScalar(raw)) as Tree,
    );
  };
  if (env.REDIS_URL) set(['redis', 'url'], env.REDIS_URL);
  if (env.HOST) set(['server', 'host'], env.HOST);
  if (env.PORT) set(['server', 'port'], env.PORT);
  for (const [key, raw] of Object.entries(env)) {
    if (!key.startsWith(ENV_PREFIX) || key === 'AUGUR_CONFIG_DIR' || raw === undefined) continue;
    set(key.slice(ENV_PREFIX.length).split('__').map(toCamelCase), raw);
  }
  return tree;
}

/** `QUEUE__JOB_TIMEOUT_MS` parts → `jobTimeoutMs`. */
function toCamelCase(part: string): string {
  return part.toLowerCase().replace(/_([a-z0-9])/g, (_, c: string) => c.toUpperCase());
}

/** Env values are YAML scalars, so `PORT=8080` is a number and `AUGUR_MODEL__TRAFFIC__HERON=[summary]` a list. */
function parseScalar(raw: string): unknown {
  try {
    return parseYaml(raw);
  } catch {
    return raw;
  }
}

function isTree(value: unknown): value is Tree {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function deepMerge(base: Tree, over: Tree): Tree {
  const out: Tree = { ...base };
  for (const [key, value] of Object.entries(over)) {
    const current = out[key];
    out[key] = isTree(current) && isTree(value) ? deepMerge(current, value) : value;
  }
  return out;
}

function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null) {
    for (const child of Object.values(value)) deepFreeze(child);
    Object.freeze(value);
  }
  return value;
}
