import { Body, Controller, HttpCode, Post } from '@nestjs/common';
import {
  ApiOkResponse,
  ApiOperation,
  ApiProperty,
  ApiPropertyOptional,
  ApiTags,
} from '@nestjs/swagger';
import { IsOptional, Matches } from 'class-validator';
import { Roles } from '@app/auth';
import {
  CASE_STATUSES,
  CASE_STATUS_LABELS,
  CaseRegistrationService,
  type CaseStatus,
} from '@app/cases';
import { validationFailed } from '@app/core';

export class PetitionerLookupDto {
  @ApiPropertyOptional({ description: '身份证号（18 位）或统一社会信用代码' })
  @IsOptional()
  @Matches(/^(\d{17}[\dXx]|[0-9A-HJ-NPQRTUWXY]{2}\d{6}[0-9A-HJ-NPQRTUWXY]{10})$/, {
    message: 'idNumber must be an 18-character resident ID number or unified social credit code',
  })
  idNumber?: string;

  @ApiPropertyOptional({ example: '13800138000' })
  @IsOptional()
  @Matches(/^[0-9+\-() ]{5,20}$/, { message: 'phone must be a phone number' })
  phone?: string;

  @ApiPropertyOptional({
    example: '010301',
    description: '拟登记的内容分类（三级）：给出时判断是否为重件、是否为已终结事项',
  })
  @IsOptional()
  @Matches(/^\d{6}$/, { message: 'categoryCode must be a 6-digit code' })
  categoryCode?: string;
}

export class EarlierCaseResponse {
  @ApiProperty() id: number;
  @ApiProperty() caseNo: string;
  @ApiProperty({ enum: CASE_STATUSES, enumName: 'CaseStatus' }) status: CaseStatus;
  @ApiProperty() statusLabel: string;
  @ApiProperty() registeredAt: string;
  @ApiProperty() title: string;
  @ApiProperty() categoryCode: string;
  @ApiProperty() repeat: boolean;
  @ApiPropertyOptional({ nullable: true, enum: ['review', 're_review', 'final'] })
  reviewStage: string | null;
}

export class CaseRefResponse {
  @ApiProperty() caseId: number;
  @ApiProperty() caseNo: string;
}

export class LookupWarningResponse {
  @ApiProperty({ enum: ['REPEAT', 'FINAL'] }) code: 'REPEAT' | 'FINAL';
  @ApiProperty() message: string;
}

export class PersonFoundResponse {
  @ApiProperty() id: number;
  @ApiProperty({ enum: ['person', 'organisation'] }) kind: string;
  @ApiProperty({ description: 'The name given last' }) name: string;
  @ApiPropertyOptional({ type: String, nullable: true, description: 'Masked' }) idNumber:
    string | null;
  @ApiPropertyOptional({
    type: String,
    nullable: true,
    description: 'The phone given last, masked',
  })
  phone: string | null;
  @ApiPropertyOptional({
    type: String,
    nullable: true,
    description: 'The address given last, masked',
  })
  address: string | null;
  @ApiProperty({ description: 'When these details were given' }) givenAt: string;
}

export class PetitionerLookupResponse {
  @ApiProperty({ description: 'Petitioners with this ID number or phone (given last or earlier)' })
  petitionerCount: number;
  @ApiProperty({
    type: [PersonFoundResponse],
    description: 'The people found, each with the newest details they gave, newest first',
  })
  people: PersonFoundResponse[];
  @ApiProperty({
    type: [EarlierCaseResponse],
    description: 'Their cases, newest first (at most 20)',
  })
  cases: EarlierCaseResponse[];
  @ApiPropertyOptional({
    nullable: true,
    type: CaseRefResponse,
    description: 'The first case (初件) a new case in the category would be a 重件 of',
  })
  repeatOf: CaseRefResponse | null;
  @ApiPropertyOptional({
    nullable: true,
    type: CaseRefResponse,
    description: 'A final (终结) matter of the person in the category (不再受理 unless dismissed)',
  })
  finalMatch: CaseRefResponse | null;
  @ApiProperty({ type: [LookupWarningResponse] }) warnings: LookupWarningResponse[];
}

@ApiTags('cases 信访件')
@Controller('petitioners')
export class PetitionerLookupController {
  constructor(private readonly registration: CaseRegistrationService) {}

  // POST, not GET: an ID number or phone never goes into a URL (logs, history).
  @Post('lookup')
  @Roles('reception', 'officer', 'supervisor')
  @HttpCode(200)
  @ApiOperation({
    summary: '登记前按身份证号或电话查询信访人：以往信访件，以及重件、已终结事项提示',
  })
  @ApiOkResponse({ type: PetitionerLookupResponse })
  async lookup(@Body() dto: PetitionerLookupDto): Promise<PetitionerLookupResponse> {
    if (!dto.idNumber && !dto.phone) {
      throw validationFailed([{ field: 'idNumber', messages: ['give idNumber or phone'] }]);
    }
    const found = await this.registration.lookupPetitioner(dto);
    const warnings: LookupWarningResponse[] = [];
    if (found.finalMatch) {
      warnings.push({
        code: 'FINAL',
        message: `该信访人同类事项已终结（${found.finalMatch.caseNo}），同一事实和理由的信访不再受理`,
      });
    }
    if (found.repeatOf) {
      warnings.push({
        code: 'REPEAT',
        message: `该信访人同类事项已有信访件（${found.repeatOf.caseNo}），本次将登记为重件`,
      });
    }
    return {
      petitionerCount: found.petitionerCount,
      people: found.people.map((p) => ({ ...p, givenAt: new Date(p.givenAt).toISOString() })),
      cases: found.cases.map((c) => ({
        id: c.id,
        caseNo: c.caseNo,
        status: c.status,
        statusLabel: CASE_STATUS_LABELS[c.status],
        registeredAt: c.registeredAt.toISOString(),
        title: c.title,
        categoryCode: c.categoryCode,
        repeat: c.repeat,
        reviewStage: c.reviewStage,
      })),
      repeatOf: found.repeatOf,
      finalMatch: found.finalMatch,
      warnings,
    };
  }
}
