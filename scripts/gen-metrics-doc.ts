import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { metricsDocument } from '@app/metrics';

/** Writes docs/metrics.md from the metric registry (checked by test/repo/metrics-doc.spec.ts). */
writeFileSync(join(__dirname, '..', 'docs', 'metrics.md'), metricsDocument());
