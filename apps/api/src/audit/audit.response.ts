import { ApiProperty } from '@nestjs/swagger';
import { ROLE_LABELS, ROLES, type Role, type UserName } from '@app/auth';
import { PII_ACCESS_KINDS, type RevealLogEntry } from '@app/cases';
import type { ExportLogRecord } from '@app/exchange';
import { ListTotalResponse, PAGE_TOTAL } from '../common/page.query';

export class AuditUserResponse {
  @ApiProperty() id: number;
  @ApiProperty({ description: 'Empty if the account no longer exists' }) username: string;
  @ApiProperty() displayName: string;
  @ApiProperty({ enum: ROLES, nullable: true, description: 'The role today' }) role: Role | null;

  static from(id: number, u: UserName | undefined): AuditUserResponse {
    return Object.assign(new AuditUserResponse(), {
      id,
      username: u?.username ?? '',
      displayName: u?.displayName ?? '',
      role: u?.role ?? null,
    });
  }
}

export class RevealAuditResponse {
  @ApiProperty() id: number;
  @ApiProperty() at: string;
  @ApiProperty({ type: AuditUserResponse }) user: AuditUserResponse;
  @ApiProperty({ nullable: true, type: Number }) caseId: number | null;
  @ApiProperty({ nullable: true, type: String }) caseNo: string | null;
  @ApiProperty() petitionerId: number;
  @ApiProperty() reason: string;
  @ApiProperty({
    enum: PII_ACCESS_KINDS,
    description:
      'reveal: a full view; unmask: a 检举控告 accuser shown to the unit by a supervisor; ' +
      "delivery: the handling unit read the petitioner's name, phone and address to deliver its answer",
  })
  kind: string;

  static from(e: RevealLogEntry, names: Map<number, UserName>): RevealAuditResponse {
    return Object.assign(new RevealAuditResponse(), {
      id: e.id,
      at: e.at.toISOString(),
      user: AuditUserResponse.from(e.userId, names.get(e.userId)),
      caseId: e.caseId,
      caseNo: e.caseNo,
      petitionerId: e.petitionerId,
      reason: e.reason,
      kind: e.kind,
    });
  }
}

export class RevealAuditPage {
  @ApiProperty({ type: [RevealAuditResponse] }) items: RevealAuditResponse[];
  @ApiProperty({ nullable: true, type: Number }) nextCursor: number | null;
  @ApiProperty(PAGE_TOTAL) total: ListTotalResponse | null;
}

export class ExportAuditResponse {
  @ApiProperty() id: number;
  @ApiProperty() startedAt: string;
  @ApiProperty({ nullable: true, type: String, description: 'null: the download did not finish' })
  finishedAt: string | null;
  @ApiProperty({ type: AuditUserResponse }) user: AuditUserResponse;
  @ApiProperty({ enum: ROLES, description: 'The role the export was made in' }) role: string;
  @ApiProperty({ example: 'cases' }) what: string;
  @ApiProperty({
    type: 'object',
    additionalProperties: true,
    description: 'The list filters; ID number and phone filters are recorded as present only',
  })
  filters: Record<string, unknown>;
  @ApiProperty() fullPersonalData: boolean;
  @ApiProperty({ nullable: true, type: Number }) rowCount: number | null;
  @ApiProperty() reason: string;

  static from(e: ExportLogRecord, names: Map<number, UserName>): ExportAuditResponse {
    return Object.assign(new ExportAuditResponse(), {
      id: e.id,
      startedAt: e.startedAt.toISOString(),
      finishedAt: e.finishedAt?.toISOString() ?? null,
      user: AuditUserResponse.from(e.userId, names.get(e.userId)),
      role: e.role,
      what: e.what,
      filters: e.filters,
      fullPersonalData: e.fullPersonalData,
      rowCount: e.rowCount,
      reason: e.reason,
    });
  }
}

export class ExportAuditPage {
  @ApiProperty({ type: [ExportAuditResponse] }) items: ExportAuditResponse[];
  @ApiProperty({ nullable: true, type: Number }) nextCursor: number | null;
  @ApiProperty(PAGE_TOTAL) total: ListTotalResponse | null;
}

/** 2026-03-01 09:30 in Asia/Shanghai, as the spreadsheets show times. */
const shanghai = (d: Date | null) =>
  d ? new Date(d.getTime() + 8 * 3600_000).toISOString().slice(0, 16).replace('T', ' ') : '';

const roleLabel = (role: string | null | undefined) =>
  role ? (ROLE_LABELS[role as Role] ?? role) : '';

const WHAT_LABELS: Record<string, string> = { cases: '信访件列表' };

export const REVEAL_COLUMNS = [
  { header: '编号', width: 10 },
  { header: '查看时间', width: 17 },
  { header: '用户名', width: 18 },
  { header: '姓名', width: 10 },
  { header: '角色', width: 14 },
  { header: '信访件编号', width: 18 },
  { header: '信访人编号', width: 10 },
  { header: '事由', width: 40 },
  { header: '类型', width: 14 },
];

const KIND_LABELS: Record<string, string> = {
  reveal: '查看完整信息',
  unmask: '解除检举人保密',
  delivery: '承办单位查看送达联系方式',
};

export const revealRow = (e: RevealLogEntry, names: Map<number, UserName>): string[] => {
  const u = names.get(e.userId);
  return [
    String(e.id),
    shanghai(e.at),
    u?.username ?? String(e.userId),
    u?.displayName ?? '',
    roleLabel(u?.role),
    e.caseNo ?? '',
    String(e.petitionerId),
    e.reason,
    KIND_LABELS[e.kind] ?? e.kind,
  ];
};

export const EXPORT_COLUMNS = [
  { header: '编号', width: 10 },
  { header: '开始时间', width: 17 },
  { header: '完成时间', width: 17 },
  { header: '用户名', width: 18 },
  { header: '姓名', width: 10 },
  { header: '角色', width: 14 },
  { header: '导出内容', width: 12 },
  { header: '筛选条件', width: 40 },
  { header: '完整个人信息', width: 12 },
  { header: '行数', width: 8 },
  { header: '事由', width: 40 },
];

export const exportRow = (e: ExportLogRecord, names: Map<number, UserName>): string[] => {
  const u = names.get(e.userId);
  return [
    String(e.id),
    shanghai(e.startedAt),
    shanghai(e.finishedAt),
    u?.username ?? String(e.userId),
    u?.displayName ?? '',
    roleLabel(e.role),
    WHAT_LABELS[e.what] ?? e.what,
    JSON.stringify(e.filters),
    e.fullPersonalData ? '是' : '否',
    e.rowCount === null ? '' : String(e.rowCount),
    e.reason,
  ];
};
