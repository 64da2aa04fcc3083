import { Injectable, Logger, type BeforeApplicationShutdown } from '@nestjs/common';

/** Someone is guessing an account's password: what the admins are told. */
export interface SignInAlert {
  /** `source_locked`: one address locked out of a username; `username_limited`: many addresses. */
  kind: 'source_locked' | 'username_limited';
  userId: number;
  username: string;
  ip: string;
  failures: number;
  windowMinutes: number;
  at: Date;
}

type Listener = (alert: SignInAlert) => Promise<void>;

/**
 * What the auth lib tells the rest of the system without depending on it: the API writes sign-in
 * alerts to the admins' inbox. Listeners are not awaited by the sign-in, so an alert (raised only
 * for an existing account) never makes a real username answer slower than a made-up one.
 */
@Injectable()
export class AccountEvents implements BeforeApplicationShutdown {
  private readonly logger = new Logger(AccountEvents.name);
  private readonly listeners: Listener[] = [];
  private readonly running = new Set<Promise<void>>();

  onSignInAlert(listener: Listener): void {
    this.listeners.push(listener);
  }

  signInAlert(alert: SignInAlert): void {
    for (const listener of this.listeners) {
      const run = listener(alert)
        .catch((err: unknown) =>
          this.logger.error({ err, kind: alert.kind }, 'sign-in alert failed'),
        )
        .finally(() => this.running.delete(run));
      this.running.add(run);
    }
  }

  /** Resolves once every alert raised so far has been handled (tests, shutdown). */
  async settled(): Promise<void> {
    while (this.running.size) await Promise.all([...this.running]);
  }

  async beforeApplicationShutdown(): Promise<void> {
    await this.settled();
  }
}
