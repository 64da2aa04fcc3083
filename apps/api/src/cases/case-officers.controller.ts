import { Controller, Get } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiProperty, ApiTags } from '@nestjs/swagger';
import { ROLES, Roles, UsersService, type Role } from '@app/auth';
import { CASE_COMMAND_RULES as RULES } from '@app/cases';

export class CaseOfficerResponse {
  @ApiProperty() id: number;
  @ApiProperty({ example: '王晓东' }) name: string;
  @ApiProperty({ enum: ROLES, enumName: 'Role' }) role: Role;
}

/**
 * Who a case may be given to as 承办人: for reception choosing one at registration, and the
 * officers who reassign cases (变更承办人).
 */
@ApiTags('cases 信访件')
@Controller('case-officers')
export class CaseOfficersController {
  constructor(private readonly users: UsersService) {}

  @Get()
  @Roles('reception', ...RULES.reassign_officer.roles)
  @ApiOperation({
    summary: '可任承办人的本局在用工作人员（姓名、角色），供登记时选择承办人和变更承办人',
  })
  @ApiOkResponse({ type: [CaseOfficerResponse] })
  async list(): Promise<CaseOfficerResponse[]> {
    return (await this.users.caseOfficers()).map((u) =>
      Object.assign(new CaseOfficerResponse(), { id: u.id, name: u.displayName, role: u.role }),
    );
  }
}
