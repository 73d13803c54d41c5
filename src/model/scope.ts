import type { VarBinding } from './types';

/**
 * The variables of one stage as it goes, with a cheap read-only snapshot per instruction. Copying the whole map at
 * every ENV or ARG made a stage with n variables cost O(n²) (8,000 ENV lines: 27 s); here a binding is appended to
 * its name's history and a snapshot is a sequence number, so adding is O(1) and a look-up is a binary search over the
 * (almost always one-entry) history of that name.
 */
export class ScopeLog {
  private readonly history = new Map<string, { seq: number; binding: VarBinding }[]>();
  /** Names not in the base, in first-definition order (Map iteration order of the old copies). */
  private readonly added: string[] = [];
  /** Sequence number at which each `added` name was first defined (ascending). */
  private readonly addedSeq: number[] = [];
  private seq = 0;
  private view: ScopeView | null = null;

  constructor(readonly base: ReadonlyMap<string, VarBinding>) {}

  set(binding: VarBinding): void {
    this.seq++;
    let h = this.history.get(binding.name);
    if (!h) {
      this.history.set(binding.name, (h = []));
      if (!this.base.has(binding.name)) {
        this.added.push(binding.name);
        this.addedSeq.push(this.seq);
      }
    }
    h.push({ seq: this.seq, binding });
    this.view = null;
  }

  /** The scope as it is now; unchanged scopes share one snapshot object. */
  snapshot(): ReadonlyMap<string, VarBinding> {
    this.view ??= new ScopeView(this, this.seq);
    return this.view;
  }

  /** @internal */
  at(name: string, seq: number): VarBinding | undefined {
    const h = this.history.get(name);
    if (h && h[0].seq <= seq) {
      let lo = 0;
      let hi = h.length - 1;
      while (lo < hi) {
        const mid = (lo + hi + 1) >> 1;
        if (h[mid].seq <= seq) lo = mid;
        else hi = mid - 1;
      }
      return h[lo].binding;
    }
    return this.base.get(name);
  }

  /** @internal How many of the added names exist at `seq` (they were added in ascending order: binary search). */
  addedCount(seq: number): number {
    let lo = 0;
    let hi = this.addedSeq.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (this.addedSeq[mid] <= seq) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  /** @internal Names visible at `seq`, in Map order: the base's, then new ones as first defined. */
  *names(seq: number): IterableIterator<string> {
    yield* this.base.keys();
    const n = this.addedCount(seq);
    for (let i = 0; i < n; i++) yield this.added[i];
  }
}

class ScopeView implements ReadonlyMap<string, VarBinding> {
  private sizeCache = -1;

  constructor(
    private readonly log: ScopeLog,
    private readonly seq: number,
  ) {}

  get(name: string): VarBinding | undefined {
    return this.log.at(name, this.seq);
  }

  has(name: string): boolean {
    return this.log.at(name, this.seq) !== undefined;
  }

  get size(): number {
    if (this.sizeCache < 0) this.sizeCache = this.log.base.size + this.log.addedCount(this.seq);
    return this.sizeCache;
  }

  *keys(): MapIterator<string> {
    yield* this.log.names(this.seq);
  }

  *values(): MapIterator<VarBinding> {
    for (const n of this.log.names(this.seq)) yield this.log.at(n, this.seq) as VarBinding;
  }

  *entries(): MapIterator<[string, VarBinding]> {
    for (const n of this.log.names(this.seq)) yield [n, this.log.at(n, this.seq) as VarBinding];
  }

  [Symbol.iterator](): MapIterator<[string, VarBinding]> {
    return this.entries();
  }

  forEach(fn: (value: VarBinding, key: string, map: ReadonlyMap<string, VarBinding>) => void, thisArg?: unknown): void {
    for (const [k, v] of this.entries()) fn.call(thisArg, v, k, this);
  }
}
