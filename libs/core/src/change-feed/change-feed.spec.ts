import { Injectable, Module } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import type { EntityManager } from 'typeorm';
import { ChangeFeed, type RecordChanges } from './change-feed';
import { ChangeFeedModule } from './change-feed.module';

/** A writer's lib: injects the feed without importing the lib that implements it. */
@Injectable()
class Writer {
  constructor(readonly feed: ChangeFeed) {}
}
@Module({ providers: [Writer], exports: [Writer] })
class WriterModule {}

/** The lib above it that implements the feed (as metrics does). */
@Injectable()
class RecordingFeed extends ChangeFeed {
  readonly seen: RecordChanges[] = [];
  changed(_m: EntityManager, changes: RecordChanges): Promise<void> {
    this.seen.push(changes);
    return Promise.resolve();
  }
}
@Module({ providers: [RecordingFeed], exports: [RecordingFeed] })
class FeedModule {}

describe('ChangeFeedModule', () => {
  it('gives the writers the implementation the app names', async () => {
    const app = await Test.createTestingModule({
      imports: [
        WriterModule,
        ChangeFeedModule.forRoot({ imports: [FeedModule], useExisting: RecordingFeed }),
      ],
    }).compile();
    const writer = app.get(Writer);
    expect(writer.feed).toBe(app.get(RecordingFeed));
    await writer.feed.changed({} as EntityManager, { caseIds: [1] });
    expect(app.get(RecordingFeed).seen).toEqual([{ caseIds: [1] }]);
  });

  it('stops an app that writes without naming one', async () => {
    await expect(Test.createTestingModule({ imports: [WriterModule] }).compile()).rejects.toThrow(
      /ChangeFeed/,
    );
  });
});
