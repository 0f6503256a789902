/** What a model request is about; each aspect has its own routes, models and job handler. */
export const ASPECTS = ['traffic', 'topology', 'scaling', 'graph'] as const;
export type Aspect = (typeof ASPECTS)[number];
