/**
 * Gathers single calls made at about the same moment into one call over all their keys: many
 * delivery jobs running side by side then read and mark their rows in one statement each, not
 * one round trip (and one commit) per job. Every caller gets its own result; a failed batch
 * fails each of its callers.
 */
export class MicroBatch<K, R> {
  private pending: { key: K; resolve: (r: R) => void; reject: (e: unknown) => void }[] = [];
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly run: (keys: K[]) => Promise<R[]>,
    private readonly max = 200,
    private readonly waitMs = 2,
  ) {}

  call(key: K): Promise<R> {
    return new Promise<R>((resolve, reject) => {
      this.pending.push({ key, resolve, reject });
      if (this.pending.length >= this.max) this.flush();
      else this.timer ??= setTimeout(() => this.flush(), this.waitMs);
    });
  }

  private flush(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
    const batch = this.pending;
    this.pending = [];
    if (batch.length === 0) return;
    this.run(batch.map((b) => b.key)).then(
      (results) => batch.forEach((b, i) => b.resolve(results[i])),
      (e: unknown) => batch.forEach((b) => b.reject(e)),
    );
  }
}
