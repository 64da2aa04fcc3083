interface Pending<K, R> {
  key: K;
  resolve: (r: R) => void;
  reject: (e: unknown) => void;
}

/**
 * Gathers single calls made at about the same moment into one call over all their keys: many
 * delivery jobs running side by side then read and mark their rows in one statement each, not
 * one round trip (and one commit) per job. Every caller gets its own result; a failed batch
 * fails each of its callers.
 *
 * A batch leaves after `waitMs` or when `max` keys are waiting, but never more than `inFlight`
 * at once: calls made while the database answers the earlier batches wait for one of them to
 * end and leave together. The busier the database, the larger (and fewer) the statements, so
 * a burst of jobs costs tens of round trips and commits, not thousands.
 */
export class MicroBatch<K, R> {
  private pending: Pending<K, R>[] = [];
  private timer: NodeJS.Timeout | undefined;
  private running = 0;

  constructor(
    private readonly run: (keys: K[]) => Promise<R[]>,
    private readonly max = 200,
    private readonly waitMs = 2,
    private readonly inFlight = 2,
  ) {}

  call(key: K): Promise<R> {
    return new Promise<R>((resolve, reject) => {
      this.pending.push({ key, resolve, reject });
      if (this.running >= this.inFlight) return; // leaves when a running batch ends
      if (this.pending.length >= this.max) this.flush();
      else this.timer ??= setTimeout(() => this.flush(), this.waitMs);
    });
  }

  /** Sends what waits, in batches of up to `max`, as far as the in-flight limit allows. */
  private flush(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
    while (this.pending.length && this.running < this.inFlight) {
      this.send(this.pending.splice(0, this.max));
    }
  }

  private send(batch: Pending<K, R>[]): void {
    this.running++;
    // A run that throws instead of rejecting fails its callers the same way.
    new Promise<R[]>((resolve) => resolve(this.run(batch.map((b) => b.key))))
      .then(
        (rs) => batch.forEach((b, i) => b.resolve(rs[i])),
        (e: unknown) => batch.forEach((b) => b.reject(e)),
      )
      .finally(() => {
        this.running--;
        // The calls that came meanwhile have waited a round trip already: they leave now.
        this.flush();
      });
  }
}
