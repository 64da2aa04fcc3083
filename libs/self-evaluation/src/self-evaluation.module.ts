import { Module } from '@nestjs/common';
import { MetricsModule } from '@app/metrics';
import { SelfEvaluationService } from './self-evaluation.service';

@Module({
  imports: [MetricsModule],
  providers: [SelfEvaluationService],
  exports: [SelfEvaluationService],
})
export class SelfEvaluationModule {}
