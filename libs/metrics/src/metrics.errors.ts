import { errorFactory } from '@app/core';

/** Every code this lib raises: a new one is declared here, once. */
export const METRICS_ERROR_CODES = [
  'METRIC_NOT_FOUND',
  'INVALID_PERIOD',
  'METRIC_HAS_NO_DENOMINATOR',
  'INVALID_GROUP',
  'PERIOD_ALREADY_CLOSED',
  'PERIOD_NOT_ENDED',
  'PERIOD_NOT_CLOSED',
] as const;
export type MetricsErrorCode = (typeof METRICS_ERROR_CODES)[number];
const metricsError = errorFactory<MetricsErrorCode>();

export const metricNotFound = (key: string) =>
  metricsError('not_found', 'METRIC_NOT_FOUND', `没有名为 ${key} 的统计指标`, { key });
export const invalidPeriod = (message: string, field: string) =>
  metricsError('invalid', 'INVALID_PERIOD', message, { field });
export const noDenominator = (key: string) =>
  metricsError('invalid', 'METRIC_HAS_NO_DENOMINATOR', `指标 ${key} 是计数，没有分母`, {
    key,
    field: 'part',
  });
export const invalidGroup = (message: string) =>
  metricsError('invalid', 'INVALID_GROUP', message, { field: 'group' });
export const periodAlreadyClosed = (year: number) =>
  metricsError('conflict', 'PERIOD_ALREADY_CLOSED', `${year} 年度统计已结账，快照不再变动`, {
    year,
  });
export const periodNotEnded = (year: number) =>
  metricsError('conflict', 'PERIOD_NOT_ENDED', `${year} 年度尚未结束，不能结账`, { year });
export const periodNotClosed = (year: number) =>
  metricsError('not_found', 'PERIOD_NOT_CLOSED', `${year} 年度统计尚未结账`, { year });
