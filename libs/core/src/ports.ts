import type { DynamicModule, ModuleMetadata, Type } from '@nestjs/common';

/** Which implementation an app gives a port: a provider of a lib it imports, or a plain class. */
export type PortBinding<T> =
  { imports: NonNullable<ModuleMetadata['imports']>; useExisting: Type<T> } | { useClass: Type<T> };

/**
 * A port (an abstract class in core that a lib above implements) provided to the whole app: the
 * writers' own modules sit below the implementation's lib, so the module is global.
 */
export function providePort<T>(
  module: Type<unknown>,
  token: abstract new (...args: never[]) => T,
  binding: PortBinding<T>,
): DynamicModule {
  return {
    module,
    global: true,
    imports: 'imports' in binding ? binding.imports : [],
    providers: [
      'useClass' in binding
        ? { provide: token, useClass: binding.useClass }
        : { provide: token, useExisting: binding.useExisting },
    ],
    exports: [token],
  };
}
