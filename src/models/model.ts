import type { z } from 'zod';
import type { Aspect } from './aspect.js';
import type { TrafficInput } from './traffic/traffic-input.js';

/**
 * A model augur can run. Models are pure: they get everything as input (no HTTP, queue, clock or DSPS
 * client) and return a JSON-serialisable result. Each has a config section, validated at start-up
 * from `models.<name>` in the configuration.
 */
export interface ModelDefinition<Input, Settings, Result extends Record<string, unknown>> {
  name: string;
  description: string;
  aspect: Aspect;
  settingsSchema: z.ZodType<Settings>;
  run(input: Input, settings: Settings): Result;
}

export type TrafficModel<Settings = unknown> = ModelDefinition<
  TrafficInput,
  Settings,
  Record<string, unknown>
>;

// biome-ignore lint/suspicious/noExplicitAny: the registry holds models of every input and settings type
export type AnyModel = ModelDefinition<any, any, Record<string, unknown>>;
