/** Hash routes, so every page and every model run has a URL to share and the server serves one file. */
export interface Route {
  parts: string[];
  params: URLSearchParams;
}

export function currentRoute(): Route {
  const [path = '', search = ''] = location.hash.replace(/^#/, '').split('?', 2);
  return {
    parts: path.split('/').filter(Boolean).map(decodeURIComponent),
    params: new URLSearchParams(search),
  };
}

export const topologyHref = (page: string, dsps: string, topology: string, params?: URLSearchParams) =>
  `#/${page}/${dsps}/${encodeURIComponent(topology)}${params && [...params].length ? `?${params}` : ''}`;

export const runHref = (dsps: string, topology: string, modelId: string) =>
  `#/run/${dsps}/${encodeURIComponent(topology)}/${modelId}`;

/** The cluster / environ / role a page was opened with, passed on to the API. */
export function coordinatesOf(params: URLSearchParams): Record<string, string | undefined> {
  return {
    cluster: params.get('cluster') ?? undefined,
    environ: params.get('environ') ?? undefined,
    role: params.get('role') ?? undefined,
  };
}
