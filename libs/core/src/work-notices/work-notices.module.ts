import { Module, type DynamicModule } from '@nestjs/common';
import { providePort, type PortBinding } from '../ports';
import { WorkNotices } from './work-notices';

/**
 * Provides `WorkNotices` to every writer of the app, with the implementation the app names:
 * `WorkNoticesModule.forRoot({ imports: [RemindersModule], useExisting: WorkArrivalNotifier })`.
 * An app whose modules route cases or act on letters without it fails at start-up.
 */
@Module({})
export class WorkNoticesModule {
  static forRoot(binding: PortBinding<WorkNotices>): DynamicModule {
    return providePort(WorkNoticesModule, WorkNotices, binding);
  }
}
