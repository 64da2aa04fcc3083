/**
 * A value loaded from the database and kept in memory. At most once per `refreshMs` it asks a
 * cheap stamp query whether the tables changed (another process may have changed them) and
 * reloads only then; `invalidate` forces a reload after this process changed them.
 */
export class StampedCache<T> {
  private cached: { value: T; stamp: string; checkedAt: number } | undefined;
  private pending: Promise<T> | undefined;
  // Bumped by invalidate(), so a load that started before a change cannot store its stale result.
  private generation = 0;

  constructor(
    private readonly readStamp: () => Promise<string>,
    private readonly load: () => Promise<T>,
    private readonly refreshMs: number,
  ) {}

  get(now: number): Promise<T> {
    const c = this.cached;
    if (c && now >= c.checkedAt && now - c.checkedAt < this.refreshMs) {
      return Promise.resolve(c.value);
    }
    if (!this.pending) {
      const pending = this.refresh(now).finally(() => {
        if (this.pending === pending) this.pending = undefined;
      });
      this.pending = pending;
    }
    return this.pending;
  }

  invalidate(): void {
    this.generation++;
    this.cached = undefined;
    this.pending = undefined;
  }

  private async refresh(now: number): Promise<T> {
    const generation = this.generation;
    // The stamp is read before the data: a change in between makes the next check reload again.
    const stamp = await this.readStamp();
    const c = this.cached;
    if (c && c.stamp === stamp) {
      if (generation === this.generation) c.checkedAt = now;
      return c.value;
    }
    const value = await this.load();
    if (generation === this.generation) this.cached = { value, stamp, checkedAt: now };
    return value;
  }
}
