import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { AppError } from '../../errors.js';
import { consoleStructure, spoutHistory } from '../../ui/server/console-data.js';
import { reportPage } from '../../ui/server/report-page.js';
import { loadUiAssets } from '../../ui/server/ui-assets.js';
import { statusPathOf } from '../../ui/shared/api-client.js';
import type { AppDependencies } from '../app-dependencies.js';
import { requireSource, topologyRefOf } from '../model-requests.js';
import { dspsTopologyParams, modelIdSchema, nameSchema, queryNumber } from '../schemas/common-schemas.js';

const coordinates = z.object({
  cluster: nameSchema('cluster').optional(),
  environ: nameSchema('environ').optional(),
  role: nameSchema('role').optional(),
});

/**
 * The operator console at `/ui`: the bundle `npm run build` leaves in dist/console, two read-only views of
 * the metrics source the model results do not carry (the logical streams for the graph's edges, the spouts'
 * measured history beside the forecast), and a model result as a self-contained HTML report. Not in the
 * OpenAPI document: the console is a client of the public API, not part of it.
 */
export const uiRoutes: FastifyPluginAsyncZod<AppDependencies> = async (app, deps) => {
  const assets = loadUiAssets();
  const asset = (name: string) => {
    const found = assets.get(name);
    if (!found) {
      throw new AppError('ROUTE_NOT_FOUND', `The console is not built (no ${name}): run npm run build`);
    }
    return found;
  };

  app.get('/ui', { schema: { hide: true } }, async (_request, reply) => reply.redirect('/ui/'));
  app.get('/ui/', { schema: { hide: true } }, async (_request, reply) => {
    const index = asset('index.html');
    return reply.type(index.contentType).send(index.body);
  });
  app.get(
    '/ui/assets/:file',
    { schema: { hide: true, params: z.object({ file: z.string().regex(/^[\w.-]+$/) }) } },
    async (request, reply) => {
      const file = asset(request.params.file);
      return reply.type(file.contentType).header('cache-control', 'no-cache').send(file.body);
    },
  );

  app.get(
    '/ui/data/structure/:dsps/:topology',
    { schema: { hide: true, params: dspsTopologyParams, querystring: coordinates } },
    async (request) => {
      const { dsps, topology } = request.params;
      return consoleStructure(requireSource(deps, dsps), topologyRefOf(deps, dsps, topology, request.query));
    },
  );

  app.get(
    '/ui/data/history/:dsps/:topology',
    {
      schema: {
        hide: true,
        params: dspsTopologyParams,
        querystring: coordinates.extend({
          source_hours: queryNumber('source_hours', (n) =>
            n
              .positive('source_hours must be greater than 0')
              .max(24 * 90, 'source_hours must be at most 2160'),
          ).optional(),
        }),
      },
    },
    async (request) => {
      const { dsps, topology } = request.params;
      const ref = topologyRefOf(deps, dsps, topology, request.query);
      const now = (deps.now ?? Date.now)();
      return spoutHistory(requireSource(deps, dsps), ref, request.query.source_hours ?? 3, now);
    },
  );

  app.get(
    '/ui/report/:dsps/:topology/:model_id',
    { schema: { hide: true, params: dspsTopologyParams.extend({ model_id: modelIdSchema }) } },
    async (request, reply) => {
      const { dsps, topology, model_id } = request.params;
      // Through the public poll route, so the report answers exactly what the API would (404, 202, failed).
      // The caller's key goes along: the poll route checks it like any other request.
      const credentials = Object.fromEntries(
        (['authorization', 'x-api-key'] as const).flatMap((name) => {
          const value = request.headers[name];
          return typeof value === 'string' ? [[name, value]] : [];
        }),
      );
      const answer = await app.inject({
        method: 'GET',
        url: statusPathOf(model_id, dsps, topology),
        headers: credentials,
      });
      const body = answer.json() as {
        status?: string;
        aspect?: string;
        model_id: string;
        topology_id: string;
        cluster?: string;
        environ?: string;
      };
      if (answer.statusCode !== 200 || body.status !== 'complete') {
        return reply.code(answer.statusCode).send(body);
      }
      // The graph's edges; a report without them still shows every number.
      const structure =
        body.aspect === 'traffic'
          ? null
          : await consoleStructure(
              requireSource(deps, dsps),
              topologyRefOf(deps, dsps, topology, body),
            ).catch(() => null);
      const page = reportPage(body, structure, asset('report.js'), asset('app.css'));
      return reply.type('text/html; charset=utf-8').send(page);
    },
  );
};
