import { z } from 'zod';
import type { ConfiguredModel } from '../../models/model-registry.js';

export const modelInfoResponseSchema = z
  .array(z.object({ name: z.string(), description: z.string() }))
  .meta({ id: 'ModelInfo', description: 'The models this endpoint runs, in order.' });

export const modelInfoOf = (models: readonly ConfiguredModel[]) =>
  models.map(({ model }) => ({ name: model.name, description: model.description }));
