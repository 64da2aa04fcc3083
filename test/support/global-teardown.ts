import { checkNoLeaks } from './leak-check';

/**
 * Lets go of the run's slot (the server would on exit anyway), then fails the run if a child
 * process, connection or server outlived the last test, naming each (so Jest exits on its own
 * instead of hanging, and the next run is not swept by a stray worker).
 */
export default async function globalTeardown(): Promise<void> {
  await globalThis.__petitionsTestSlot?.release();
  globalThis.__petitionsTestSlot = undefined;
  await checkNoLeaks();
}
