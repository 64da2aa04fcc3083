import type { EntityManager } from 'typeorm';

/**
 * Statements sent to the server together, in one round trip (the pool allows multiple
 * statements; every value still goes through a `?` placeholder). A writer collects into one the
 * statements that lock rows every writer shares — a yearly number, the metric counters — and
 * sends it last, right before COMMIT, so those rows stay locked for the server's own time only,
 * never for a turn of the API's event loop.
 */
export class SqlBatch {
  private readonly statements: string[] = [];
  private readonly params: unknown[] = [];

  add(sql: string, params: readonly unknown[] = []): this {
    if (sql.includes(';')) throw new Error('SqlBatch: one statement per add, without a semicolon');
    this.statements.push(sql);
    this.params.push(...params);
    return this;
  }

  get size(): number {
    return this.statements.length;
  }

  /** Runs the statements in order; one result per statement. Stops at the first error. */
  async run(m: EntityManager): Promise<unknown[]> {
    if (this.statements.length === 0) return [];
    const result = await m.query<unknown>(this.statements.join(';\n'), this.params);
    return this.statements.length === 1 ? [result] : (result as unknown[]);
  }
}
