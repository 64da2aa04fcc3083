/** Lets go of the run's slot (the server would on exit anyway). */
export default async function globalTeardown(): Promise<void> {
  await globalThis.__petitionsTestSlot?.release();
  globalThis.__petitionsTestSlot = undefined;
}
