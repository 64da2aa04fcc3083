import { DomainError } from '@app/core';

export const metricNotFound = (key: string) =>
  new DomainError('not_found', 'METRIC_NOT_FOUND', `没有名为 ${key} 的统计指标`, { key });
export const invalidPeriod = (message: string, field: string) =>
  new DomainError('invalid', 'INVALID_PERIOD', message, { field });
export const noDenominator = (key: string) =>
  new DomainError('invalid', 'METRIC_HAS_NO_DENOMINATOR', `指标 ${key} 是计数，没有分母`, {
    key,
    field: 'part',
  });
export const invalidGroup = (message: string) =>
  new DomainError('invalid', 'INVALID_GROUP', message, { field: 'group' });
export const periodAlreadyClosed = (year: number) =>
  new DomainError('conflict', 'PERIOD_ALREADY_CLOSED', `${year} 年度统计已结账，快照不再变动`, {
    year,
  });
export const periodNotEnded = (year: number) =>
  new DomainError('conflict', 'PERIOD_NOT_ENDED', `${year} 年度尚未结束，不能结账`, { year });
export const periodNotClosed = (year: number) =>
  new DomainError('not_found', 'PERIOD_NOT_CLOSED', `${year} 年度统计尚未结账`, { year });
