import { AppConfig, validateEnv } from '@app/core';
import { WebhookTargetPolicy } from '@app/reminders';
import { rigEnv, startSink } from '../../bench/lib/reminder-rig';

/**
 * The reminders bench posts its webhooks to a sink on loopback. The workers it starts run with
 * rigEnv(), so that environment must let the sink through the target policy: without it every
 * delivery is refused and the run waits out its deadline ("throughput deliveries: not reached").
 */
describe('bench reminder rig', () => {
  it("the workers' environment lets the webhook sink through the target policy", async () => {
    const sink = await startSink();
    try {
      const policy = new WebhookTargetPolicy(new AppConfig(validateEnv(rigEnv())));
      await expect(policy.check(new URL(sink.url))).resolves.toBeUndefined();
      // Only the sink's loopback address: other private targets stay refused.
      await expect(policy.check(new URL('http://10.1.2.3/hook'))).rejects.toThrow(/非公网地址/);
    } finally {
      await sink.close();
    }
  });
});
