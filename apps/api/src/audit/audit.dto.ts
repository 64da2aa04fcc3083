import { ApiPropertyOptional, IntersectionType, OmitType } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsIn, IsInt, IsOptional, Min } from 'class-validator';
import { addDays, endOfShanghaiDay } from '@app/calendar';
import type { AuditLogFilter } from '@app/cases';
import type { TableFormat } from '@app/exchange';
import { SmallPageQuery } from '../common/page.query';
import { IsLocalDate } from '../common/validators';

/** Filters of both audit lists: whose entries, and which Shanghai days (both inclusive). */
export class ExportAuditQuery extends SmallPageQuery {
  @ApiPropertyOptional({ description: 'Only this user’s entries' })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  userId?: number;

  @ApiPropertyOptional({
    description: 'From this day (Asia/Shanghai), YYYY-MM-DD',
    example: '2026-03-01',
  })
  @IsOptional()
  @IsLocalDate()
  from?: string;

  @ApiPropertyOptional({
    description: 'To this day inclusive (Asia/Shanghai), YYYY-MM-DD',
    example: '2026-03-31',
  })
  @IsOptional()
  @IsLocalDate()
  to?: string;
}

export class RevealAuditQuery extends ExportAuditQuery {
  @ApiPropertyOptional({ description: 'Only reveals on this case' })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  caseId?: number;
}

class DownloadFormat {
  @ApiPropertyOptional({ enum: ['xlsx', 'csv'], default: 'xlsx' })
  @IsOptional()
  @IsIn(['xlsx', 'csv'])
  format?: TableFormat;
}

export class RevealAuditDownloadQuery extends IntersectionType(
  OmitType(RevealAuditQuery, ['cursor', 'limit', 'total'] as const),
  DownloadFormat,
) {}

export class ExportAuditDownloadQuery extends IntersectionType(
  OmitType(ExportAuditQuery, ['cursor', 'limit', 'total'] as const),
  DownloadFormat,
) {}

/** The query's days as instants: from 00:00 Shanghai of `from` to 24:00 Shanghai of `to`. */
export function auditFilter(q: { userId?: number; caseId?: number; from?: string; to?: string }) {
  const filter: AuditLogFilter = { userId: q.userId, caseId: q.caseId };
  if (q.from) filter.from = endOfShanghaiDay(addDays(q.from, -1));
  if (q.to) filter.before = endOfShanghaiDay(q.to);
  return filter;
}
