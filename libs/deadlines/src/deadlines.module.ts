import { Module } from '@nestjs/common';
import { ClockSweepRepository } from './clock-sweep.repository';
import { OpenClocksRepository } from './open-clocks.repository';

/** Clocks (DESIGN §3–4). The clock book is made per transaction; the sweep's SQL is injected. */
@Module({
  providers: [ClockSweepRepository, OpenClocksRepository],
  exports: [ClockSweepRepository, OpenClocksRepository],
})
export class DeadlinesModule {}
