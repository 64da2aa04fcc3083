import { Module, type DynamicModule, type ModuleMetadata, type Type } from '@nestjs/common';
import { providePort } from '../ports';
import { ChangeFeed } from './change-feed';

/**
 * Provides `ChangeFeed` to every writer of the app, with the implementation the app names:
 * `ChangeFeedModule.forRoot({ imports: [MetricsModule], useExisting: LedgerWriter })`. An app
 * whose modules write cases or letters without it fails at start-up (`ChangeFeed` unresolved).
 */
@Module({})
export class ChangeFeedModule {
  static forRoot(feed: {
    imports: NonNullable<ModuleMetadata['imports']>;
    useExisting: Type<ChangeFeed>;
  }): DynamicModule {
    return providePort(ChangeFeedModule, ChangeFeed, feed);
  }
}
