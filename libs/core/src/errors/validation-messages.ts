import { getMetadataStorage, type ValidationError } from 'class-validator';
import type { FieldError } from './error-response';

/**
 * The Chinese name of every field the API validates, so a message reads 「标题最多 200 个字符」
 * rather than `title must be shorter than or equal to 200 characters`. The field path and the
 * constraint codes (`isString`, `maxLength` …) stay in each entry for programs.
 */
export const FIELD_LABELS: Record<string, string> = {
  accepted: '是否受理',
  achievements: '工作成效',
  active: '是否启用',
  address: '住址',
  at: '时间',
  basis: '依据',
  budget: '预算数',
  budgetSummary: '预算概况',
  carryOver: '结转和结余',
  case: '信访件',
  caseId: '信访件',
  caseIds: '信访件',
  caseNo: '信访件编号',
  cases: '信访件',
  category: '分类',
  categoryCode: '内容分类',
  channel: '信访形式',
  channels: '发送渠道',
  chases: '催办',
  code: '编码',
  conclusion: '结论',
  confidentialAccuser: '检举控告人保密',
  confirm: '确认',
  contactPerson: '联系人',
  contactPhone: '联系电话',
  content: '信访内容',
  cost: '费用',
  currentPassword: '当前密码',
  cursor: '分页游标',
  date: '日期',
  days: '天数',
  deadline: '期限',
  decidedAt: '决定时间',
  decision: '处理意见',
  decisionBody: '作出机关',
  decisionReasons: '理由',
  decisionUnitId: '作出单位',
  declaredBudget: '决算预算数',
  declaredExecuted: '决算执行数',
  deliveredAt: '送达时间',
  deliveryMethod: '送达方式',
  departmentName: '部门名称',
  description: '说明',
  displayName: '姓名',
  dueWithinDays: '到期天数',
  email: '电子邮箱',
  enabled: '是否启用',
  endDate: '结束日期',
  enteredActual: '实际完成值',
  escalation: '升级',
  escalations: '升级',
  evaluation: '满意度评价',
  events: '事件',
  evidence: '证明材料',
  executed: '执行数',
  externalRef: '省信访件编号',
  facts: '查明事实',
  file: '文件',
  finalMatch: '终结匹配',
  firstCaseId: '首件信访件',
  format: '格式',
  from: '开始日期',
  functions: '部门职能',
  fundingSource: '资金来源',
  goals: '目标',
  group: '分组',
  groupBy: '分组方式',
  hearing: '听证',
  id: '编号',
  idNumber: '证件号码',
  idUnverifiedReason: '号码未核验原因',
  improvements: '改进措施',
  includeInactive: '包括停用的',
  indicators: '指标',
  instructions: '要求',
  issuedAt: '发函时间',
  jointSigned: '联合签发',
  keyTasks: '重点任务',
  keyword: '关键词',
  kind: '类型',
  lateJustification: '逾期理由',
  lawRelated: '涉法涉诉',
  leader: '领导',
  leaderInCharge: '包案领导',
  length: '时长',
  letterType: '督办函类型',
  level: '层级',
  level1: '一级指标',
  level2: '二级指标',
  level3: '三级指标',
  limit: '每页条数',
  lines: '预算明细',
  listedAt: '列入时间',
  locality: '问题属地',
  measures: '化解措施',
  metricKey: '统计指标',
  mode: '方式',
  name: '名称',
  nature: '性质',
  newPassword: '新密码',
  notAcceptedReason: '不予受理理由',
  note: '备注',
  number: '编号',
  officerId: '承办人',
  offset: '偏移',
  organ: '机关',
  outcomes: '成效',
  overdue: '是否超期',
  part: '部分',
  password: '密码',
  personCount: '人数',
  personalData: '个人信息',
  personsPersuaded: '劝返人数',
  personsReturned: '返回人数',
  petitioners: '信访人',
  phone: '联系电话',
  place: '地点',
  plan: '化解方案',
  planOverdue: '方案超期',
  problems: '存在问题',
  progress: '进展',
  provincialDueDate: '上级办理期限',
  purpose: '信访目的',
  reason: '理由',
  reasonNote: '理由说明',
  reasons: '理由',
  receivedAt: '收到时间',
  recipients: '接收人',
  ref: '原系统编号',
  refreshToken: '刷新令牌',
  registeredAt: '登记时间',
  registeredFrom: '登记开始日期',
  registeredTo: '登记结束日期',
  repeat: '重件',
  repeatOf: '首件信访件',
  reply: '回复',
  replyDueDate: '回复期限',
  report: '报告',
  reportDueDate: '报送期限',
  reportedAt: '报送时间',
  representative: '代表人',
  requestedAt: '申请时间',
  requirements: '督办要求',
  resolution: '化解情况',
  resolved: '是否化解',
  reviewKind: '复查复核类型',
  reviewStage: '复查复核阶段',
  role: '角色',
  rollOverHoliday: '遇节假日顺延',
  route: '去向',
  secret: '签名密钥',
  sections: '正文',
  signer: '签发人',
  skipLevel: '越级',
  source: '来源方式',
  sourceLevel: '来源层级',
  staff: '人员',
  startDate: '开始日期',
  status: '状态',
  target: '目标值',
  taskCompletion: '任务完成情况',
  taskForce: '工作专班',
  text: '内容',
  title: '标题',
  to: '结束日期',
  toBeijing: '赴京',
  toProvince: '赴省',
  type: '类型',
  unit: '单位',
  unitId: '单位',
  unread: '未读',
  url: '地址',
  userId: '用户',
  username: '用户名',
  verdict: '处理结论',
  version: '版本号',
  voided: '已作废',
  weight: '权重',
  year: '年度',
};

type Args = unknown[];
/** Codes that are not class-validator rules of a field (handled before the templates). */
const HANDLED_APART = ['whitelistValidation', 'customValidation'];
const n = (args: Args) => String(args[0]);

/** What is wrong, by class-validator constraint name; `l` is the field's Chinese name. */
const TEMPLATES: Record<string, (l: string, args: Args) => string> = {
  isString: (l) => `${l}须为文本`,
  isInt: (l) => `${l}须为整数`,
  isNumber: (l) => `${l}须为数字`,
  isBoolean: (l) => `${l}须为 true 或 false`,
  isDate: (l) => `${l}须为有效的时间（如 2026-01-05T09:30:00+08:00）`,
  isDateString: (l) => `${l}须为有效的时间（如 2026-01-05T09:30:00+08:00）`,
  isIso8601: (l) => `${l}须为有效的时间（如 2026-01-05T09:30:00+08:00）`,
  isLocalDate: (l) => `${l}须为真实存在的日期，写作 YYYY-MM-DD`,
  isDateTime: (l) =>
    `${l}须为真实存在的日期时间并带时区（如 2026-01-05T09:30:00+08:00），年份在 2000 至 2100 之间`,
  isEmail: (l) => `${l}须为有效的电子邮箱地址`,
  isUrl: (l) => `${l}须为有效的网址`,
  isIn: (l, a) => `${l}须为以下之一：${(a[0] as unknown[]).join('、')}`,
  isEnum: (l, a) => `${l}须为以下之一：${Object.values(a[0] as object).join('、')}`,
  isNotEmpty: (l) => `${l}不能为空`,
  isDefined: (l) => `${l}为必填项`,
  min: (l, a) => `${l}不能小于 ${n(a)}`,
  max: (l, a) => `${l}不能大于 ${n(a)}`,
  isPositive: (l) => `${l}须为正数`,
  minLength: (l, a) => `${l}至少 ${n(a)} 个字符`,
  maxLength: (l, a) => `${l}最多 ${n(a)} 个字符`,
  length: (l, a) => `${l}须为 ${n(a)} 至 ${String(a[1])} 个字符`,
  matches: (l) => `${l}格式不正确`,
  isText: (l) => `${l}不能为空白，也不能含换行或控制字符`,
  isLongText: (l) => `${l}不能为空白，也不能含控制字符`,
  isIdNumber: (l) => `${l}未通过核验（校验位或出生日期不正确）`,
  isPhoneNumber: (l) => `${l}须为手机号码或带区号的固定电话（如 13800138000、020-81234567）`,
  isArray: (l) => `${l}须为数组`,
  arrayMinSize: (l, a) => `${l}至少 ${n(a)} 项`,
  arrayMaxSize: (l, a) => `${l}最多 ${n(a)} 项`,
  arrayNotEmpty: (l) => `${l}不能为空`,
  arrayUnique: (l) => `${l}不能有重复项`,
  isObject: (l) => `${l}须为对象`,
  nestedValidation: (l) => `${l}须为对象或对象数组`,
  unknownValue: () => '请求内容须为 JSON 对象',
};

const CJK = /[\u3400-\u9fff]/;

/** The Chinese name of a path: `petitioners.0.idNumber` → 第 1 个信访人的证件号码. */
export function fieldLabel(path: string): string {
  const parts = path.split('.');
  const label = (p: string) => FIELD_LABELS[p] ?? p;
  let out = '';
  for (let i = 0; i < parts.length; i++) {
    const p = parts[i];
    const next = parts[i + 1];
    if (next !== undefined && /^\d+$/.test(next)) {
      out += `第 ${Number(next) + 1} 个${label(p)}`;
      i++;
      if (i < parts.length - 1) out += '的';
    } else if (/^\d+$/.test(p)) out += `第 ${Number(p) + 1} 项`;
    else out += (out && !out.endsWith('的') ? '的' : '') + label(p);
  }
  return out;
}

/** The arguments of a constraint (`maxLength(200)` → [200]) from the class's validation rules. */
function constraintArgs(error: ValidationError, name: string): Args {
  const target = error.target;
  if (!target) return [];
  const rules = getMetadataStorage().getTargetValidationMetadatas(
    target.constructor,
    '',
    true,
    false,
  );
  const rule = rules.find(
    (r) => r.propertyName === error.property && (r.name === name || r.type === name),
  );
  return (rule?.constraints as Args | undefined) ?? [];
}

/** Whether a constraint has its own Chinese text (else the field gets only 「…的值不正确」). */
export const hasValidationTemplate = (code: string): boolean =>
  code in TEMPLATES || HANDLED_APART.includes(code);

function messageFor(error: ValidationError, path: string, code: string, given: string): string {
  if (code === 'whitelistValidation') return `不允许的字段：${path}（请求中不应包含它）`;
  if (CJK.test(given)) return given; // a rule that already speaks Chinese
  const template = TEMPLATES[code];
  const label = fieldLabel(path);
  const fallback = `${label}的值不正确`;
  if (!template) return fallback;
  try {
    const text = template(label, constraintArgs(error, code));
    return text.includes('undefined') ? fallback : text;
  } catch {
    return fallback; // the rule's limits could not be read (e.g. an array where an object belongs)
  }
}

/**
 * One entry per bad field: its path, the constraint codes that failed and a Chinese message for
 * each. Needs the errors with their `target` (the validation pipe keeps it, never sends it).
 */
export function flattenValidationErrors(errors: ValidationError[], parent = ''): FieldError[] {
  const out: FieldError[] = [];
  for (const e of errors) {
    const field = parent ? `${parent}.${e.property}` : e.property;
    if (e.constraints) {
      const codes = Object.keys(e.constraints);
      out.push({
        field,
        codes,
        messages: codes.map((c) => messageFor(e, field, c, e.constraints![c])),
      });
    }
    if (e.children?.length) out.push(...flattenValidationErrors(e.children, field));
  }
  return out;
}
