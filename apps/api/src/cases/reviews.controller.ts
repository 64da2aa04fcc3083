import { Body, Controller, HttpCode, Param, Post } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentUser, Roles, type AuthUser } from '@app/auth';
import { CASE_COMMAND_RULES as RULES, CaseQueriesService } from '@app/cases';
import { ReviewsService } from '@app/reviews';
import { Clock } from '@app/core';
import { IdParam } from '../common/id-param';
import { CaseResponse } from './cases.response';
import { FinalMatchDto, HearingDto, ReviewDecisionDto, ReviewRequestDto } from './dto/review.dto';

/** 复查 / 复核 and 不再受理: the bureau's officers record each step; every step is on the timeline. */
@ApiTags('reviews 复查复核')
@Controller('cases')
export class ReviewsController {
  constructor(
    private readonly reviews: ReviewsService,
    private readonly queries: CaseQueriesService,
    private readonly clock: Clock,
  ) {}

  @Post(':id/review-request')
  @Roles(...RULES.request_review.roles)
  @ApiOperation({
    summary:
      '登记复查申请（对原信访件）或复核申请（对已送达意见的复查件）；30 日期限外须记录正当理由',
  })
  @ApiCreatedResponse({ type: CaseResponse, description: 'The new review or re-review case' })
  async request(
    @Param('id', IdParam) id: number,
    @Body() dto: ReviewRequestDto,
    @CurrentUser() user: AuthUser,
  ): Promise<CaseResponse> {
    return this.detail(await this.reviews.request(id, dto, user), user);
  }

  @Post(':id/review-decision')
  @Roles(...RULES.decide_review.roles)
  @HttpCode(200)
  @ApiOperation({ summary: '录入复查/复核意见（维持/撤销/变更）及送达；复核意见作出后事项终结' })
  @ApiOkResponse({ type: CaseResponse })
  async decide(
    @Param('id', IdParam) id: number,
    @Body() dto: ReviewDecisionDto,
    @CurrentUser() user: AuthUser,
  ): Promise<CaseResponse> {
    return this.detail((await this.reviews.decide(id, dto, user)).id, user);
  }

  @Post(':id/hearing/start')
  @Roles(...RULES.start_hearing.roles)
  @HttpCode(200)
  @ApiOperation({ summary: '复核听证开始' })
  @ApiOkResponse({ type: CaseResponse })
  async startHearing(
    @Param('id', IdParam) id: number,
    @Body() dto: HearingDto,
    @CurrentUser() user: AuthUser,
  ): Promise<CaseResponse> {
    return this.detail((await this.reviews.startHearing(id, dto, user)).id, user);
  }

  @Post(':id/hearing/end')
  @Roles(...RULES.end_hearing.roles)
  @HttpCode(200)
  @ApiOperation({ summary: '复核听证结束（听证所需时间不计入复核期限）' })
  @ApiOkResponse({ type: CaseResponse })
  async endHearing(
    @Param('id', IdParam) id: number,
    @Body() dto: HearingDto,
    @CurrentUser() user: AuthUser,
  ): Promise<CaseResponse> {
    return this.detail((await this.reviews.endHearing(id, dto, user)).id, user);
  }

  @Post(':id/final-match')
  @Roles(...RULES.settle_final_match.roles)
  @HttpCode(200)
  @ApiOperation({
    summary: '处理登记时发现的已终结事项匹配：确认则不再受理（引用复核意见），或排除匹配',
  })
  @ApiOkResponse({ type: CaseResponse })
  async finalMatch(
    @Param('id', IdParam) id: number,
    @Body() dto: FinalMatchDto,
    @CurrentUser() user: AuthUser,
  ): Promise<CaseResponse> {
    return this.detail((await this.reviews.settleFinalMatch(id, dto, user)).id, user);
  }

  private async detail(id: number, user: AuthUser): Promise<CaseResponse> {
    return CaseResponse.fromDetail(await this.queries.detail(id, user), this.clock.now());
  }
}
