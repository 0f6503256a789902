import { isAbsolute, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Config } from '../config/config-schema.js';
import { AppError } from '../errors.js';
import { DSPS_NAMES, type Dsps } from '../topology/topology-ref.js';
import type { Aspect } from './aspect.js';
import type { AnyModel } from './model.js';
import { queueingTheoryModel } from './topology/queueing-theory-model.js';
import { forecastModel } from './traffic/forecast-model.js';
import { summaryModel } from './traffic/summary-model.js';

/** Models augur ships, by name. */
export const BUILT_IN_MODELS: readonly AnyModel[] = [summaryModel, forecastModel, queueingTheoryModel];

/** A model with its validated settings, ready to run. */
export interface ConfiguredModel {
  model: AnyModel;
  settings: unknown;
}

/** The endpoints that run models, with the config key listing each one's models. */
export type ModelEndpoint = `traffic.${Dsps}` | `topology.${Dsps}.current` | `topology.${Dsps}.proposed`;

/** The models configured for each endpoint, resolved and validated once at start-up. */
export class ModelRegistry {
  readonly #byEndpoint: ReadonlyMap<ModelEndpoint, readonly ConfiguredModel[]>;

  constructor(byEndpoint: Map<ModelEndpoint, ConfiguredModel[]>) {
    this.#byEndpoint = byEndpoint;
  }

  /** Models configured for an endpoint, in configured order. */
  forEndpoint(endpoint: ModelEndpoint): readonly ConfiguredModel[] {
    return this.#byEndpoint.get(endpoint) ?? [];
  }

  /** Models configured for an aspect and DSPS (for topology: current and proposed together). */
  forAspect(aspect: Aspect, dsps: Dsps): readonly ConfiguredModel[] {
    if (aspect === 'traffic') return this.forEndpoint(`traffic.${dsps}`);
    const seen = new Map<string, ConfiguredModel>();
    for (const m of [
      ...this.forEndpoint(`topology.${dsps}.current`),
      ...this.forEndpoint(`topology.${dsps}.proposed`),
    ]) {
      seen.set(m.model.name, m);
    }
    return [...seen.values()];
  }

  /**
   * The models a job names, in its order, as configured for its aspect and DSPS.
   * @throws AppError `UNKNOWN_MODEL` for a name not configured there
   */
  resolve(aspect: Aspect, dsps: Dsps, names: readonly string[]): ConfiguredModel[] {
    const forAspect = this.forAspect(aspect, dsps);
    return names.map((name) => {
      const found = forAspect.find((m) => m.model.name === name);
      if (!found) throw new AppError('UNKNOWN_MODEL', `Model "${name}" is not configured for this endpoint`);
      return found;
    });
  }
}

/**
 * Resolves every configured model name: a built-in name, or a module path (relative to the working
 * directory) whose default export — or `model` export — is a model definition. An unknown name, a module
 * that is not a model, a model of the wrong aspect, or invalid `models.<name>` settings stop start-up.
 */
export async function loadModelRegistry(config: Config): Promise<ModelRegistry> {
  const endpoints: Array<[ModelEndpoint, readonly string[], Aspect]> = [];
  for (const dsps of DSPS_NAMES) {
    endpoints.push([`traffic.${dsps}`, config.model.traffic[dsps], 'traffic']);
    endpoints.push([`topology.${dsps}.current`, config.model.topology[dsps].current, 'topology']);
    endpoints.push([`topology.${dsps}.proposed`, config.model.topology[dsps].proposed, 'topology']);
  }
  const byEndpoint = new Map<ModelEndpoint, ConfiguredModel[]>();
  for (const [endpoint, names, aspect] of endpoints) {
    const configured: ConfiguredModel[] = [];
    for (const [index, name] of names.entries()) {
      const key = `model.${endpoint}[${index}]`;
      const model = await resolveModel(name, key);
      if (model.aspect !== aspect) {
        throw new AppError('CONFIG_INVALID', `${key}: model "${model.name}" is a ${model.aspect} model`);
      }
      configured.push({ model, settings: parseSettings(model, config.models[model.name] ?? {}) });
    }
    byEndpoint.set(endpoint, configured);
  }
  return new ModelRegistry(byEndpoint);
}

async function resolveModel(nameOrPath: string, key: string): Promise<AnyModel> {
  const builtIn = BUILT_IN_MODELS.find((m) => m.name === nameOrPath);
  if (builtIn) return builtIn;
  if (!/[/\\]|\.[cm]?[jt]s$/.test(nameOrPath)) {
    const known = BUILT_IN_MODELS.map((m) => m.name).join(', ');
    throw new AppError('CONFIG_INVALID', `${key}: unknown model "${nameOrPath}" (built-in models: ${known})`);
  }
  const path = isAbsolute(nameOrPath) ? nameOrPath : resolve(nameOrPath);
  let module: Record<string, unknown>;
  try {
    module = await import(pathToFileURL(path).href);
  } catch (err) {
    throw new AppError(
      'CONFIG_INVALID',
      `${key}: cannot load model module ${path}: ${(err as Error).message}`,
    );
  }
  const candidate = module.default ?? module.model;
  if (!isModel(candidate)) {
    throw new AppError(
      'CONFIG_INVALID',
      `${key}: ${path} must export a model (name, description, aspect, settingsSchema, run) as default or "model"`,
    );
  }
  return candidate;
}

function isModel(value: unknown): value is AnyModel {
  const m = value as Partial<AnyModel> | undefined;
  return (
    typeof m === 'object' &&
    m !== null &&
    typeof m.name === 'string' &&
    typeof m.description === 'string' &&
    (m.aspect === 'traffic' || m.aspect === 'topology') &&
    typeof m.run === 'function' &&
    typeof m.settingsSchema?.safeParse === 'function'
  );
}

function parseSettings(model: AnyModel, raw: unknown): unknown {
  const parsed = model.settingsSchema.safeParse(raw);
  if (parsed.success) return parsed.data;
  const problems = parsed.error.issues
    .map((i) => `models.${model.name}${i.path.length ? `.${i.path.join('.')}` : ''}: ${i.message}`)
    .join('; ');
  throw new AppError('CONFIG_INVALID', `Invalid settings for model "${model.name}": ${problems}`);
}
