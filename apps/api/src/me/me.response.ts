import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ROLES, type Role } from '@app/auth';
import { CASE_STATUSES, type CaseStatus } from '@app/cases';
import { LETTER_STATUSES, type LetterStatus } from '@app/supervision';
import { SUMMARY_KEYS, type SummaryKey } from './home-summary';

export class SummaryCaseFilterResponse {
  @ApiPropertyOptional({ enum: CASE_STATUSES, enumName: 'CaseStatus', isArray: true })
  status?: CaseStatus[];
  @ApiPropertyOptional() unitId?: number;
  @ApiPropertyOptional() overdue?: boolean;
  @ApiPropertyOptional() dueWithinDays?: number;
  @ApiPropertyOptional({ description: 'ISO time' }) registeredFrom?: string;
  @ApiPropertyOptional() awaitingEvaluation?: boolean;
  @ApiPropertyOptional() finalMatch?: boolean;
  @ApiPropertyOptional() unassigned?: boolean;
}

export class SummaryLetterFilterResponse {
  @ApiPropertyOptional({ enum: LETTER_STATUSES, enumName: 'LetterStatus', isArray: true })
  status?: LetterStatus[];
  @ApiPropertyOptional() unitId?: number;
  @ApiPropertyOptional() overdue?: boolean;
}

export class SummaryItemResponse {
  @ApiProperty({ enum: SUMMARY_KEYS, enumName: 'SummaryKey' }) key: SummaryKey;
  @ApiProperty({ example: '待转送交办' }) label: string;
  @ApiProperty({ description: 'The number of rows the linked list holds with this filter' })
  count: number;
  @ApiProperty({
    description: 'True when counting stopped at CASE_COUNT_CAP: there are at least `count`',
  })
  capped: boolean;
  @ApiProperty({ description: 'Shown in red when not zero' }) urgent: boolean;
  @ApiProperty({
    enum: ['cases', 'supervision_letters'],
    description: 'The list it links to: GET /cases or GET /supervision-letters',
  })
  list: 'cases' | 'supervision_letters';
  @ApiPropertyOptional({
    nullable: true,
    type: SummaryCaseFilterResponse,
    description: 'The query of GET /cases (list = cases)',
  })
  caseFilter: SummaryCaseFilterResponse | null;
  @ApiPropertyOptional({
    nullable: true,
    type: SummaryLetterFilterResponse,
    description: 'The query of GET /supervision-letters (list = supervision_letters)',
  })
  letterFilter: SummaryLetterFilterResponse | null;
}

export class HomeSummaryResponse {
  @ApiProperty({ enum: ROLES, enumName: 'Role' }) role: Role;
  @ApiProperty({ type: [SummaryItemResponse] }) items: SummaryItemResponse[];
}
