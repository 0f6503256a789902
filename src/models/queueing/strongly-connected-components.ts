import type { SparseRows } from './sparse-rows.js';

/**
 * The strongly connected components of the dependency graph of a sparse system (v depends on u when a
 * term of row v reads column u with a positive weight), in dependency order: every component comes after
 * all the components it reads from. Component c's members are `members[start[c] .. start[c + 1])`; those
 * of a cycle are in flow order (a depth-first postorder along the "reads" edges: what a member reads
 * mostly comes before it), so that a Gauss–Seidel sweep in that order carries values around the cycle
 * instead of one step per sweep.
 */
export interface Components {
  count: number;
  /** The component of each unknown. */
  componentOf: Int32Array;
  start: Int32Array;
  members: Int32Array;
  /** Whether the component is a cycle: several members, or one member reading itself. */
  cyclic: Uint8Array;
}

/**
 * Tarjan's strongly-connected-components algorithm, iterative (no recursion limit on deep graphs),
 * O(unknowns + terms). Tarjan closes a component only after every component reachable from it, so
 * following the "reads" edges yields the components in dependency order.
 *
 * Reference: R. Tarjan (1972), "Depth-first search and linear graph algorithms", SIAM Journal on
 * Computing 1(2):146–160.
 *
 * @param system the dependency graph (only terms with weight > 0 count)
 * @example stronglyConnectedComponents(sparseRows(2, [0, 1], [1, 0], [1, 1])).count // 1 (a 2-cycle)
 */
export function stronglyConnectedComponents(system: SparseRows): Components {
  const { size, rowStart, column, weight } = system;
  const index = new Int32Array(size).fill(-1);
  const low = new Int32Array(size);
  const onStack = new Uint8Array(size);
  const stack = new Int32Array(size);
  let stackTop = 0;
  const callNode = new Int32Array(size);
  const callTerm = new Int32Array(size);
  const componentOf = new Int32Array(size);
  const members = new Int32Array(size);
  const starts: number[] = [0];
  const cyclic: number[] = [];
  let filled = 0;
  let counter = 0;

  for (let root = 0; root < size; root++) {
    if ((index[root] as number) >= 0) continue;
    let depth = 0;
    callNode[0] = root;
    callTerm[0] = rowStart[root] as number;
    index[root] = low[root] = counter++;
    stack[stackTop++] = root;
    onStack[root] = 1;
    while (depth >= 0) {
      const v = callNode[depth] as number;
      const end = rowStart[v + 1] as number;
      let k = callTerm[depth] as number;
      let descended = false;
      for (; k < end; k++) {
        if (!((weight[k] as number) > 0)) continue;
        const u = column[k] as number;
        if ((index[u] as number) < 0) {
          callTerm[depth] = k + 1;
          depth++;
          callNode[depth] = u;
          callTerm[depth] = rowStart[u] as number;
          index[u] = low[u] = counter++;
          stack[stackTop++] = u;
          onStack[u] = 1;
          descended = true;
          break;
        }
        if (onStack[u] && (index[u] as number) < (low[v] as number)) low[v] = index[u] as number;
      }
      if (descended) continue;
      if (low[v] === index[v]) {
        const c = starts.length - 1;
        let selfLoop = false;
        let size0 = 0;
        let u: number;
        do {
          u = stack[--stackTop] as number;
          onStack[u] = 0;
          componentOf[u] = c;
          members[filled++] = u;
          size0++;
        } while (u !== v);
        if (size0 === 1) {
          for (let t = rowStart[v] as number; t < end; t++) {
            if (column[t] === v && (weight[t] as number) > 0) selfLoop = true;
          }
        }
        cyclic.push(size0 > 1 || selfLoop ? 1 : 0);
        starts.push(filled);
      }
      depth--;
      if (depth >= 0) {
        const parent = callNode[depth] as number;
        if ((low[v] as number) < (low[parent] as number)) low[parent] = low[v] as number;
      }
    }
  }
  const start = Int32Array.from(starts);
  for (let c = 0; c < cyclic.length; c++) {
    if (cyclic[c] && (start[c + 1] as number) - (start[c] as number) > 2) {
      orderAlongFlow(
        system,
        componentOf,
        members,
        c,
        start[c] as number,
        start[c + 1] as number,
        callNode,
        callTerm,
        index,
      );
    }
  }
  return { count: cyclic.length, componentOf, start, members, cyclic: Uint8Array.from(cyclic) };
}

/**
 * Rewrites members[from, to) of component c in breadth-first order along the flow (from what is read to
 * what reads it), starting at the members that read from outside the component — its entries: a member
 * then mostly comes after the members it reads, except across the edges that close the cycles.
 * Reuses the caller's scratch arrays.
 */
function orderAlongFlow(
  system: SparseRows,
  componentOf: Int32Array,
  members: Int32Array,
  c: number,
  from: number,
  to: number,
  queue: Int32Array,
  local: Int32Array,
  seen: Int32Array,
): void {
  const { rowStart, column, weight } = system;
  const size = to - from;
  // Local numbering and the transposed adjacency (u → v when v reads u) within the component.
  for (let i = from; i < to; i++) local[members[i] as number] = i - from;
  const degree = new Int32Array(size + 1);
  const entries: number[] = [];
  for (let i = from; i < to; i++) {
    const v = members[i] as number;
    let entry = false;
    for (let k = rowStart[v] as number; k < (rowStart[v + 1] as number); k++) {
      if (!((weight[k] as number) > 0)) continue;
      const u = column[k] as number;
      if (componentOf[u] === c)
        degree[(local[u] as number) + 1] = (degree[(local[u] as number) + 1] as number) + 1;
      else entry = true;
    }
    if (entry) entries.push(i - from);
  }
  for (let i = 0; i < size; i++) degree[i + 1] = (degree[i + 1] as number) + (degree[i] as number);
  const next = degree.slice(0, size);
  const readers = new Int32Array(degree[size] as number);
  for (let i = from; i < to; i++) {
    const v = members[i] as number;
    for (let k = rowStart[v] as number; k < (rowStart[v + 1] as number); k++) {
      const u = column[k] as number;
      if (!((weight[k] as number) > 0) || componentOf[u] !== c) continue;
      const slot = next[local[u] as number] as number;
      next[local[u] as number] = slot + 1;
      readers[slot] = i - from;
    }
  }
  if (entries.length === 0) entries.push(0);
  for (let i = 0; i < size; i++) seen[i] = 0;
  let head = 0;
  let tail = 0;
  for (const e of entries) {
    seen[e] = 1;
    queue[tail++] = e;
  }
  const original = members.slice(from, to);
  while (head < tail) {
    const a = queue[head++] as number;
    for (let k = degree[a] as number; k < (degree[a + 1] as number); k++) {
      const b = readers[k] as number;
      if (seen[b]) continue;
      seen[b] = 1;
      queue[tail++] = b;
    }
  }
  for (let i = 0; i < size; i++) members[from + i] = original[queue[i] as number] as number;
}
