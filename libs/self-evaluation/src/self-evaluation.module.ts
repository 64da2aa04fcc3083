import { Module } from '@nestjs/common';
import { MetricsModule } from '@app/metrics';
import { SelfEvaluationService } from './self-evaluation.service';
import { SelfEvaluationsRepository } from './self-evaluations.repository';

@Module({
  imports: [MetricsModule],
  providers: [SelfEvaluationService, SelfEvaluationsRepository],
  exports: [SelfEvaluationService],
})
export class SelfEvaluationModule {}
