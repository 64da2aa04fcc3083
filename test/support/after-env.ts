// Jest setupFilesAfterEnv (e2e): whatever a test file left running is killed when it ends,
// failed or not, so Jest exits on its own.
import { stopTrackedChildren } from './children';

afterAll(async () => {
  await stopTrackedChildren();
});
