/**
 * A binary min-heap of simulation events ordered by time, then by insertion (so equal times keep FIFO
 * order and runs are reproducible). Struct-of-arrays to keep the simulator fast.
 */
export class EventHeap {
  #time = new Float64Array(1024);
  #seq = new Float64Array(1024);
  #kind = new Int32Array(1024);
  #node = new Int32Array(1024);
  #birth = new Float64Array(1024);
  #size = 0;
  #counter = 0;

  get size(): number {
    return this.#size;
  }

  push(time: number, kind: number, node: number, birth: number): void {
    if (this.#size === this.#time.length) this.#grow();
    let i = this.#size++;
    const seq = this.#counter++;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      const pt = this.#time[parent] as number;
      if (pt < time || (pt === time && (this.#seq[parent] as number) < seq)) break;
      this.#move(parent, i);
      i = parent;
    }
    this.#time[i] = time;
    this.#seq[i] = seq;
    this.#kind[i] = kind;
    this.#node[i] = node;
    this.#birth[i] = birth;
  }

  /** Time, kind, node and birth of the earliest event, written into `out`; false when empty. */
  pop(out: { time: number; kind: number; node: number; birth: number }): boolean {
    if (this.#size === 0) return false;
    out.time = this.#time[0] as number;
    out.kind = this.#kind[0] as number;
    out.node = this.#node[0] as number;
    out.birth = this.#birth[0] as number;
    const last = --this.#size;
    if (last === 0) return true;
    const t = this.#time[last] as number;
    const s = this.#seq[last] as number;
    let i = 0;
    for (;;) {
      let child = 2 * i + 1;
      if (child >= last) break;
      const right = child + 1;
      if (
        right < last &&
        ((this.#time[right] as number) < (this.#time[child] as number) ||
          ((this.#time[right] as number) === (this.#time[child] as number) &&
            (this.#seq[right] as number) < (this.#seq[child] as number)))
      ) {
        child = right;
      }
      const ct = this.#time[child] as number;
      if (ct > t || (ct === t && (this.#seq[child] as number) > s)) break;
      this.#move(child, i);
      i = child;
    }
    this.#move(last, i);
    return true;
  }

  #move(from: number, to: number): void {
    this.#time[to] = this.#time[from] as number;
    this.#seq[to] = this.#seq[from] as number;
    this.#kind[to] = this.#kind[from] as number;
    this.#node[to] = this.#node[from] as number;
    this.#birth[to] = this.#birth[from] as number;
  }

  #grow(): void {
    const n = this.#time.length * 2;
    const grow = <T extends Float64Array | Int32Array>(a: T, make: (n: number) => T): T => {
      const b = make(n);
      b.set(a);
      return b;
    };
    this.#time = grow(this.#time, (k) => new Float64Array(k));
    this.#seq = grow(this.#seq, (k) => new Float64Array(k));
    this.#kind = grow(this.#kind, (k) => new Int32Array(k));
    this.#node = grow(this.#node, (k) => new Int32Array(k));
    this.#birth = grow(this.#birth, (k) => new Float64Array(k));
  }
}
