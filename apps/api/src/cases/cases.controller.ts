import {
  Body,
  Controller,
  Get,
  Headers,
  HttpCode,
  Param,
  Patch,
  Post,
  Query,
  Res,
} from '@nestjs/common';
import {
  ApiCreatedResponse,
  ApiHeader,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { CurrentUser, RateLimit, Roles, type AuthUser } from '@app/auth';
import {
  allowedCommands,
  CASE_COMMAND_RULES as RULES,
  CaseQueriesService,
  CaseRegistrationService,
  CasesService,
  type CaseEntity,
} from '@app/cases';
import { Clock, validationFailed } from '@app/core';
import { IdParam } from '../common/id-param';
import {
  AnswerDto,
  AssignDto,
  CloseDto,
  EditCaseDto,
  EvaluateDto,
  ExtendDto,
  LinkRepeatDto,
  NotAcceptDto,
  ObjectDto,
  ReassignOfficerDto,
  ReferDto,
  ReportDto,
  RevealDto,
  TransferDto,
  UpperOfficeDto,
  VersionDto,
} from './dto/case-actions.dto';
import { CountCasesQuery, ListCasesQuery } from './dto/list-cases.query';
import { RegisterCaseDto } from './dto/register-case.dto';
import {
  CaseCountResponse,
  CasePageResponse,
  CaseResponse,
  CaseSummaryResponse,
  PetitionerResponse,
  TimelineEventResponse,
  TimelineResponse,
  ChainVerdictResponse,
  DeliveryContactResponse,
} from './cases.response';

const IDEMPOTENCY_KEY = /^[A-Za-z0-9_.:-]{8,100}$/;
const BUREAU = ['reception', 'officer', 'supervisor'] as const;

@ApiTags('cases 信访件')
@Controller('cases')
export class CasesController {
  constructor(
    private readonly cases: CasesService,
    private readonly registration: CaseRegistrationService,
    private readonly queries: CaseQueriesService,
    private readonly clock: Clock,
  ) {}

  @Post()
  @Roles(...BUREAU)
  @ApiOperation({ summary: '登记信访件（来访、来信、来电、网信、传真；直接或上级转送/交办）' })
  @ApiHeader({
    name: 'Idempotency-Key',
    required: false,
    description: 'A retry with the same key returns the first case',
  })
  @ApiCreatedResponse({ type: CaseResponse })
  async register(
    @Body() dto: RegisterCaseDto,
    @CurrentUser() user: AuthUser,
    @Headers('idempotency-key') key: string | undefined,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<CaseResponse> {
    if (key !== undefined && !IDEMPOTENCY_KEY.test(key)) {
      throw validationFailed([
        {
          field: 'Idempotency-Key',
          messages: ['Idempotency-Key must be 8-100 letters, digits, _ . : -'],
        },
      ]);
    }
    const { caseId, replayed, created } = await this.registration.register(dto, user, key);
    if (replayed) void reply.header('idempotent-replayed', 'true');
    if (created) {
      const now = this.clock.now();
      const facts = { case: created.case, hops: [], clocks: created.clocks, review: null };
      return CaseResponse.fromDetail(
        {
          ...created,
          ...(await this.queries.namesFor(created.case, user)),
          hops: [],
          attachments: [],
          allowedActions: allowedCommands(facts, user, now),
        },
        now,
      );
    }
    return this.detail(caseId, user);
  }

  @Get()
  @ApiOperation({
    summary: '信访件列表与检索（按 id 倒序，游标分页，附结果总数）',
    description:
      '`total` counts the same filters in the same scope as the rows (a unit sees only the cases ' +
      'handed to it), read beside the page; it gives up after CASE_COUNT_TIME_LIMIT_MS (`null`).',
  })
  @ApiOkResponse({ type: CasePageResponse })
  async list(@Query() q: ListCasesQuery, @CurrentUser() user: AuthUser): Promise<CasePageResponse> {
    const { limit = 20, cursor, total = 'estimate', ...filter } = q;
    const page = await this.queries.list(filter, { limit, after: cursor }, user, total);
    const now = this.clock.now();
    return {
      items: page.rows.map((r) => CaseSummaryResponse.from(r, now)),
      nextCursor: page.next,
      total: page.total,
    };
  }

  @Get('count')
  @ApiOperation({
    summary: '信访件列表的结果总数（与列表相同的筛选条件和可见范围）',
    description:
      'A request of its own, so that the list itself stays one keyset read. Counting stops at ' +
      'CASE_COUNT_CAP (`capped: true`), so a broad filter over years of cases reads a bounded ' +
      'number of index entries, and gives up after CASE_COUNT_TIME_LIMIT_MS (`total: null`).',
  })
  @ApiOkResponse({ type: CaseCountResponse })
  async count(
    @Query() q: CountCasesQuery,
    @CurrentUser() user: AuthUser,
  ): Promise<CaseCountResponse> {
    return this.queries.countWithinLimit(q, user);
  }

  @Get(':id')
  @ApiOkResponse({ type: CaseResponse })
  get(@Param('id', IdParam) id: number, @CurrentUser() user: AuthUser): Promise<CaseResponse> {
    return this.detail(id, user);
  }

  @Get(':id/timeline')
  @ApiOperation({ summary: '办理全过程（事件按顺序；哈希链校验结果）' })
  @ApiOkResponse({ type: TimelineResponse })
  async timeline(
    @Param('id', IdParam) id: number,
    @CurrentUser() user: AuthUser,
  ): Promise<TimelineResponse> {
    const t = await this.queries.timeline(id, user);
    return {
      events: t.events.map((e) => TimelineEventResponse.from(e)),
      chainIntact: t.chainIntact,
    };
  }

  @Get(':id/timeline/verify')
  @ApiOperation({
    summary: '校验办理全过程的防篡改链',
    description:
      '按密钥重算每个事件的 MAC，并与案件行上的链头、最近一次签名检查点比对；返回第一个断点（brokenAt）及断裂类型：altered 内容被改、missing_event 中间缺失、inserted 伪造插入、deleted_tail 末尾被删、head_mismatch 链头被回拨。',
  })
  @ApiOkResponse({ type: ChainVerdictResponse })
  async verifyTimeline(
    @Param('id', IdParam) id: number,
    @CurrentUser() user: AuthUser,
  ): Promise<ChainVerdictResponse> {
    return ChainVerdictResponse.from(await this.queries.verifyTimeline(id, user));
  }

  @Patch(':id')
  @Roles(...RULES.edit.roles)
  @ApiOperation({ summary: '修改登记信息' })
  @ApiOkResponse({ type: CaseResponse })
  async edit(
    @Param('id', IdParam) id: number,
    @Body() dto: EditCaseDto,
    @CurrentUser() user: AuthUser,
  ) {
    return this.after(await this.cases.edit(id, dto, user), user);
  }

  @Post(':id/transfer')
  @Roles(...RULES.transfer.roles)
  @HttpCode(200)
  @ApiOperation({ summary: '转送至责任单位' })
  @ApiOkResponse({ type: CaseResponse })
  async transfer(
    @Param('id', IdParam) id: number,
    @Body() dto: TransferDto,
    @CurrentUser() user: AuthUser,
  ) {
    return this.after(await this.cases.route(id, 'transfer', dto, user), user);
  }

  @Post(':id/assign')
  @Roles(...RULES.assign.roles)
  @HttpCode(200)
  @ApiOperation({ summary: '交办至责任单位（须设定报送期限）' })
  @ApiOkResponse({ type: CaseResponse })
  async assign(
    @Param('id', IdParam) id: number,
    @Body() dto: AssignDto,
    @CurrentUser() user: AuthUser,
  ) {
    return this.after(await this.cases.route(id, 'assignment', dto, user), user);
  }

  @Post(':id/refer')
  @Roles(...RULES.refer.roles)
  @HttpCode(200)
  @ApiOperation({ summary: '移交政法或纪检监察渠道' })
  @ApiOkResponse({ type: CaseResponse })
  async refer(
    @Param('id', IdParam) id: number,
    @Body() dto: ReferDto,
    @CurrentUser() user: AuthUser,
  ) {
    return this.after(await this.cases.refer(id, dto, user), user);
  }

  @Post(':id/not-accept')
  @Roles(...RULES.not_accept.roles)
  @HttpCode(200)
  @ApiOperation({ summary: '不予受理（告知理由和途径）' })
  @ApiOkResponse({ type: CaseResponse })
  async notAccept(
    @Param('id', IdParam) id: number,
    @Body() dto: NotAcceptDto,
    @CurrentUser() user: AuthUser,
  ) {
    return this.after(await this.cases.notAccept(id, dto, user), user);
  }

  @Post(':id/accept')
  @Roles(...RULES.accept.roles)
  @HttpCode(200)
  @ApiOperation({ summary: '责任单位受理' })
  @ApiOkResponse({ type: CaseResponse })
  async accept(
    @Param('id', IdParam) id: number,
    @Body() dto: VersionDto,
    @CurrentUser() user: AuthUser,
  ) {
    return this.after(await this.cases.accept(id, dto.version, user), user);
  }

  @Post(':id/object')
  @Roles(...RULES.object.roles)
  @HttpCode(200)
  @ApiOperation({ summary: '责任单位提出异议（5 个工作日内），退回信访局' })
  @ApiOkResponse({ type: CaseResponse })
  async object(
    @Param('id', IdParam) id: number,
    @Body() dto: ObjectDto,
    @CurrentUser() user: AuthUser,
  ) {
    return this.after(await this.cases.object(id, dto, user), user);
  }

  @Post(':id/extend')
  @Roles(...RULES.extend.roles)
  @HttpCode(200)
  @ApiOperation({ summary: '批准延期（一次，不超过 30 日）' })
  @ApiOkResponse({ type: CaseResponse })
  async extend(
    @Param('id', IdParam) id: number,
    @Body() dto: ExtendDto,
    @CurrentUser() user: AuthUser,
  ) {
    return this.after(await this.cases.extend(id, dto, user), user);
  }

  @Post(':id/answer')
  @Roles(...RULES.answer.roles)
  @HttpCode(200)
  @ApiOperation({ summary: '出具并送达信访处理意见书' })
  @ApiOkResponse({ type: CaseResponse })
  async answer(
    @Param('id', IdParam) id: number,
    @Body() dto: AnswerDto,
    @CurrentUser() user: AuthUser,
  ) {
    return this.after(await this.cases.answer(id, dto, user), user);
  }

  @Post(':id/report')
  @Roles(...RULES.report.roles)
  @HttpCode(200)
  @ApiOperation({ summary: '报送交办件办理结果' })
  @ApiOkResponse({ type: CaseResponse })
  async report(
    @Param('id', IdParam) id: number,
    @Body() dto: ReportDto,
    @CurrentUser() user: AuthUser,
  ) {
    return this.after(await this.cases.report(id, dto, user), user);
  }

  @Post(':id/close')
  @Roles(...RULES.close.roles)
  @HttpCode(200)
  @ApiOperation({ summary: '办结' })
  @ApiOkResponse({ type: CaseResponse })
  async close(
    @Param('id', IdParam) id: number,
    @Body() dto: CloseDto,
    @CurrentUser() user: AuthUser,
  ) {
    return this.after(await this.cases.close(id, dto.version, user), user);
  }

  @Post(':id/evaluate')
  @Roles(...RULES.evaluate.roles)
  @HttpCode(200)
  @ApiOperation({ summary: '录入信访人满意度评价' })
  @ApiOkResponse({ type: CaseResponse })
  async evaluate(
    @Param('id', IdParam) id: number,
    @Body() dto: EvaluateDto,
    @CurrentUser() user: AuthUser,
  ) {
    return this.after(await this.cases.evaluate(id, dto, user), user);
  }

  @Post(':id/officer')
  @Roles(...RULES.reassign_officer.roles)
  @HttpCode(200)
  @ApiOperation({ summary: '变更承办人' })
  @ApiOkResponse({ type: CaseResponse })
  async reassign(
    @Param('id', IdParam) id: number,
    @Body() dto: ReassignOfficerDto,
    @CurrentUser() user: AuthUser,
  ) {
    return this.after(await this.cases.reassignOfficer(id, dto.officerId, dto.version, user), user);
  }

  @Post(':id/take')
  @Roles(...RULES.take.roles)
  @HttpCode(200)
  @ApiOperation({
    summary:
      '领取待领取（尚无承办人）的信访件，本人成为承办人（已有承办人：409 CASE_ALREADY_TAKEN）',
  })
  @ApiOkResponse({ type: CaseResponse })
  async take(
    @Param('id', IdParam) id: number,
    @Body() dto: VersionDto,
    @CurrentUser() user: AuthUser,
  ) {
    return this.after(await this.cases.take(id, dto.version, user), user);
  }

  @Post(':id/repeat-link')
  @Roles(...RULES.link_repeat.roles)
  @HttpCode(200)
  @ApiOperation({ summary: '手工关联（或解除）重件与初件' })
  @ApiOkResponse({ type: CaseResponse })
  async linkRepeat(
    @Param('id', IdParam) id: number,
    @Body() dto: LinkRepeatDto,
    @CurrentUser() user: AuthUser,
  ) {
    return this.after(await this.cases.linkRepeat(id, dto.firstCaseId, dto.version, user), user);
  }

  @Post(':id/upper-office')
  @Roles(...RULES.correct_upper_office.roles)
  @HttpCode(200)
  @ApiOperation({
    summary: '更正上级转送/交办件的上级信访件编号或上级办理期限（须说明理由，记入办理全过程）',
    description:
      'Only a handed-down (转送/交办) case: a direct one is 409 NOT_HANDED_DOWN. The deadline is not before the registration day (400 PROVINCIAL_DUE_BEFORE_REGISTRATION); a number another case has is 409 EXTERNAL_REF_TAKEN; the same values as now are 400 NOTHING_TO_CHANGE.',
  })
  @ApiOkResponse({ type: CaseResponse })
  async correctUpperOffice(
    @Param('id', IdParam) id: number,
    @Body() dto: UpperOfficeDto,
    @CurrentUser() user: AuthUser,
  ) {
    return this.after(await this.cases.correctUpperOffice(id, dto, user), user);
  }

  @Post(':id/petitioners/:petitionerId/reveal')
  @Roles(...RULES.reveal.roles)
  @RateLimit('revealPerUser')
  @HttpCode(200)
  @ApiOperation({ summary: '查看信访人完整个人信息（记录查看人和事由）' })
  @ApiOkResponse({ type: PetitionerResponse })
  async reveal(
    @Param('id', IdParam) id: number,
    @Param('petitionerId', IdParam) petitionerId: number,
    @Body() dto: RevealDto,
    @CurrentUser() user: AuthUser,
  ): Promise<PetitionerResponse> {
    return PetitionerResponse.from(
      await this.queries.revealPetitioner(id, petitionerId, dto.reason, user),
    );
  }

  @Post(':id/petitioners/:petitionerId/delivery-contact')
  @Roles(...RULES.reveal_delivery_contact.roles)
  @RateLimit('revealPerUser')
  @HttpCode(200)
  @ApiOperation({
    summary:
      '承办单位查看送达处理意见书所需的信访人联系方式（姓名、电话、地址，记录查看人和事由）；' +
      '仅限本单位已受理、尚未出具处理意见书的信访件；检举控告件由信访局送达（403 DELIVERY_BY_BUREAU）',
  })
  @ApiOkResponse({ type: DeliveryContactResponse })
  async deliveryContact(
    @Param('id', IdParam) id: number,
    @Param('petitionerId', IdParam) petitionerId: number,
    @Body() dto: RevealDto,
    @CurrentUser() user: AuthUser,
  ): Promise<DeliveryContactResponse> {
    return DeliveryContactResponse.from(
      await this.queries.revealDeliveryContact(id, petitionerId, dto.reason, user),
    );
  }

  private async detail(id: number, user: AuthUser): Promise<CaseResponse> {
    return CaseResponse.fromDetail(await this.queries.detail(id, user), this.clock.now());
  }

  private after(c: CaseEntity, user: AuthUser): Promise<CaseResponse> {
    return this.detail(c.id, user);
  }
}
