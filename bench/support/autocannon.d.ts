// autocannon 9 ships no types and @types/autocannon is not a dependency: the part of its API the benchmark uses.
declare module 'autocannon' {
  export interface AutocannonRequest {
    method?: string;
    path?: string;
    headers?: Record<string, string>;
    body?: string;
    /** A function, or in workers mode the absolute path of a CommonJS module exporting one. */
    setupRequest?:
      | string
      | ((request: AutocannonRequest, context: Record<string, unknown>) => AutocannonRequest);
  }

  export interface AutocannonOptions {
    url: string;
    connections?: number;
    pipelining?: number;
    amount?: number;
    duration?: number;
    workers?: number;
    timeout?: number;
    overallRate?: number;
    /** Sampling tick, ms; a run with `amount` ends on a tick. @defaultValue 1000 */
    sampleInt?: number;
    requests?: AutocannonRequest[];
  }

  export interface Histogram {
    average: number;
    mean: number;
    stddev: number;
    min: number;
    max: number;
    p50: number;
    p90: number;
    p99: number;
    p999?: number;
    total: number;
    totalCount?: number;
  }

  export interface AutocannonResult {
    duration: number;
    start: Date;
    finish: Date;
    errors: number;
    timeouts: number;
    non2xx: number;
    '2xx': number;
    statusCodeStats: Record<string, { count: number }>;
    latency: Histogram;
    requests: Histogram & { sent: number };
  }

  export default function autocannon(options: AutocannonOptions): Promise<AutocannonResult>;
}
