/** The `k` smallest items offered, through a max-heap of size k (ties broken by `order` itself). */
export class TopK<T> {
  private readonly heap: T[] = [];

  constructor(
    private readonly k: number,
    private readonly order: (a: T, b: T) => number,
  ) {}

  offer(item: T): void {
    const heap = this.heap;
    const order = this.order;
    if (heap.length < this.k) {
      heap.push(item);
      for (let i = heap.length - 1; i > 0;) {
        const parent = (i - 1) >> 1;
        if (order(heap[i]!, heap[parent]!) <= 0) break;
        [heap[i], heap[parent]] = [heap[parent]!, heap[i]!];
        i = parent;
      }
    } else if (this.k > 0 && order(item, heap[0]!) < 0) {
      heap[0] = item;
      this.siftDown(0);
    }
  }

  /** The items kept, smallest first. */
  sorted(): T[] {
    return this.heap.sort(this.order);
  }

  private siftDown(i: number): void {
    const heap = this.heap;
    for (;;) {
      const l = 2 * i + 1;
      const r = l + 1;
      let top = i;
      if (l < heap.length && this.order(heap[l]!, heap[top]!) > 0) top = l;
      if (r < heap.length && this.order(heap[r]!, heap[top]!) > 0) top = r;
      if (top === i) return;
      [heap[i], heap[top]] = [heap[top]!, heap[i]!];
      i = top;
    }
  }
}

/**
 * The `k` smallest (key, position) pairs offered, ties by position: a max-heap in typed arrays, so
 * a sorted first page of a million cards allocates nothing per card.
 */
export class NumericTopK {
  private readonly keys: Float64Array;
  private readonly seqs: Int32Array;
  private size = 0;

  constructor(private readonly k: number) {
    this.keys = new Float64Array(k);
    this.seqs = new Int32Array(k);
  }

  /** Whether k items are kept (from then on an item enters only by beating the largest). */
  get full(): boolean {
    return this.size === this.k;
  }

  /** The largest key kept (meaningful once full). */
  get largestKey(): number {
    return this.keys[0]!;
  }

  offer(key: number, seq: number): void {
    if (this.size < this.k) {
      let i = this.size++;
      while (i > 0) {
        const parent = (i - 1) >> 1;
        if (!this.after(key, seq, this.keys[parent]!, this.seqs[parent]!)) break;
        this.keys[i] = this.keys[parent]!;
        this.seqs[i] = this.seqs[parent]!;
        i = parent;
      }
      this.keys[i] = key;
      this.seqs[i] = seq;
    } else if (this.k > 0 && this.after(this.keys[0]!, this.seqs[0]!, key, seq)) {
      this.siftDown(key, seq);
    }
  }

  /** The positions kept, smallest key first. */
  sorted(): Int32Array {
    const n = this.size;
    const order = Array.from({ length: n }, (_, i) => i).sort((a, b) => this.keys[a]! - this.keys[b]! || this.seqs[a]! - this.seqs[b]!);
    return Int32Array.from(order, (i) => this.seqs[i]!);
  }

  /** Whether (ka, sa) comes after (kb, sb). */
  private after(ka: number, sa: number, kb: number, sb: number): boolean {
    return ka > kb || (ka === kb && sa > sb);
  }

  /** Replaces the root (the largest kept) and restores the heap. */
  private siftDown(key: number, seq: number): void {
    const { keys, seqs, size } = this;
    let i = 0;
    for (;;) {
      const l = 2 * i + 1;
      if (l >= size) break;
      const r = l + 1;
      const c = r < size && this.after(keys[r]!, seqs[r]!, keys[l]!, seqs[l]!) ? r : l;
      if (!this.after(keys[c]!, seqs[c]!, key, seq)) break;
      keys[i] = keys[c]!;
      seqs[i] = seqs[c]!;
      i = c;
    }
    keys[i] = key;
    seqs[i] = seq;
  }
}
