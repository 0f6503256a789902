/** What the console's data routes answer (`/ui/data/…`): shapes shared by the server and the browser. */

/** One logical stream between two components: what the console draws as instance edges. */
export interface ConsoleStream {
  from: string;
  to: string;
  stream: string;
  grouping: string;
}

export interface ConsoleStructure {
  components: Array<{ name: string; kind: 'spout' | 'bolt'; instances: number }>;
  streams: ConsoleStream[];
}

export interface SpoutHistory {
  units: 'tuples/s';
  window: { start: string; end: string };
  /** spout component → stream → `[ISO minute, tuples/s]`, the component's instances summed minute by minute. */
  components: Record<string, Record<string, Array<[string, number]>>>;
}
