import type { FastifyInstance } from 'fastify';
import { PROTOBUF_CONTENT_TYPES } from '../dsps/heron/heron-proto.js';
import { DEFAULT_PACKING_PLAN_LIMITS } from '../dsps/heron/packing-plan-codec.js';

/** Largest proposed-plan body, bytes (Heron's protobuf and JSON alike). */
export const PLAN_BODY_LIMIT = DEFAULT_PACKING_PLAN_LIMITS.maxBytes;

/**
 * Lets the routes of one plugin take proposed plans as protobuf bytes (a Buffer reaches the handler; JSON
 * goes through Fastify's own parser). Only the plugin that calls it, by Fastify's encapsulation.
 */
export function acceptPlanBodies(app: FastifyInstance): void {
  app.addContentTypeParser(
    [...PROTOBUF_CONTENT_TYPES],
    { parseAs: 'buffer', bodyLimit: PLAN_BODY_LIMIT },
    (_request, body, done) => done(null, body),
  );
}
