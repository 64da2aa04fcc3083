import type { BudgetLineInput } from '@app/self-evaluation';

/** The fictional bureau the demo describes (no real bureau's name). */
export const DEMO_DEPARTMENT = '东湖区信访局';

/**
 * The reference's money (广州市荔湾区信访局 2022 年部门整体支出绩效自评报告): 全年预算数 879.34 万元,
 * 执行数 865.76 万元, 基本支出 561.78 / 项目支出 303.98, 年末结转和结余 1.19, all 一般公共预算财政拨款.
 * The reference gives the split of spending only; the per-line budgets below are the demo's.
 */
export const DEMO_BUDGET_LINES: BudgetLineInput[] = [
  {
    name: '人员经费',
    fundingSource: 'general_public',
    nature: 'basic',
    budget: 498.3,
    executed: 497.86,
  },
  {
    name: '公用经费',
    fundingSource: 'general_public',
    nature: 'basic',
    budget: 64.2,
    executed: 63.92,
  },
  {
    name: '信访基础业务及信访保障工作',
    fundingSource: 'general_public',
    nature: 'project',
    budget: 180,
    executed: 174.52,
  },
  {
    name: '信息维护及法律顾问保障工作',
    fundingSource: 'general_public',
    nature: 'project',
    budget: 56.84,
    executed: 52.36,
    carryOver: 1.19,
  },
  {
    name: '信访业务后勤保障及公务接待工作',
    fundingSource: 'general_public',
    nature: 'project',
    budget: 80,
    executed: 77.1,
  },
];
export const DEMO_DECLARED = { budget: 879.34, executed: 865.76 };

/**
 * The report's text for the fictional district, on the reference's structure. The budget
 * sentence keeps the reference's printed rate (98.50%) on purpose: 865.76 ÷ 879.34 is 98.46%,
 * which the consistency check reports. The figures of the conclusion are filled from the data.
 */
export const DEMO_SECTIONS = {
  functions: [
    '东湖区信访局的主要职责是：',
    '1. 贯彻执行党和国家以及省、市有关信访工作的方针政策和法律法规，落实区委、区政府关于信访工作的部署。',
    '2. 受理、办理群众来信、来访、来电和网上信访事项；及时向区委、区政府反映信访人提出的重要建议、意见和问题，综合分析信访动态，提出完善政策、改进工作的建议。',
    '3. 承办上级交办的信访事项；向区属单位转送、交办、督办信访事项，督查重要信访事项的处理和落实；按层级管理权限办理信访复查复核工作。',
    '4. 组织开展信访矛盾排查化解，及时报告重大矛盾排查化解情况。',
    '5. 指导、督促、检查区属单位的信访工作，组织信访业务培训，推进信访工作信息化建设。',
    '6. 完成区委、区政府和上级有关部门交办的其他任务。',
  ].join('\n'),
  budgetSummary:
    '全年预算数 879.34 万元，执行数 865.76 万元，完成预算的 98.50%。\n' +
    '按资金来源分，一般公共预算财政拨款支出 {{budget.source.general_public}} 万元，政府性基金预算财政拨款支出 {{budget.source.government_fund}} 万元，国有资本经营预算财政拨款支出 {{budget.source.state_capital}} 万元，其他资金支出 {{budget.source.other}} 万元。按支出性质看，基本支出 {{budget.basic}} 万元，项目支出 {{budget.project}} 万元。年末结转和结余 {{budget.carryOver}} 万元。',
  goals: [
    '1. 贯彻执行信访工作的政策法规，维护全区正常信访秩序。',
    '2. 做好上级交办的重点领域、重复信访和专项信访事项的跟踪督办协调工作。',
    '3. 协调区属单位做好驻点、赴外劝返处置工作。',
    '4. 提升信访业务规范化、信息化水平，保障信息系统正常运行。',
    '5. 把信访工作与法治宣传相结合，引导群众依法表达诉求。',
    '6. 为区来访接待大厅和局机关的正常运行提供后勤保障，规范公务接待管理。',
  ].join('\n'),
  keyTasks: [
    '1. 信访基础业务及信访保障工作：做好上级交办事项的跟踪督办，协调驻点和赴外劝返，推动疑难信访事项“案结事了”，处理日常来访、来信、来电及网上信访事项。',
    '2. 信息维护及法律顾问保障工作：保障信访信息系统稳定运行，推进信访工作与法治宣传相结合。',
    '3. 信访业务后勤保障及公务接待工作：做好来访接待大厅的运行保障，落实公务接待有关规定。',
  ].join('\n'),
  conclusion:
    '我局认真贯彻信访工作的政策法规，落实信访工作责任，依法规范信访秩序。通过省一体化信访信息系统交转办的信访案件办结率{{metrics.systemClosureRate}}，处理群众复查复核信访事项{{metrics.reviewsHandled}}件，化解重点信访事项{{metrics.keyMattersResolved}}件，全年发出督办函{{metrics.lettersIssued}}份。推行“五个一”机制，合力推动重点信访事项化解，自评{{score.total}}分。',
  taskCompletion: [
    '1. 信访基础业务及信访保障工作：以“三到位一处理”的要求维护信访秩序，群众满意率 {{metrics.satisfactionRate}}，较好地完成了该项任务。',
    '2. 信息维护及法律顾问保障工作：依托信息系统跟踪督办，及时处理群众诉求，较好地完成了该项任务。',
    '3. 信访业务后勤保障及公务接待工作：保障来访接待大厅正常运行，规范公务接待，较好地完成了该项任务。',
  ].join('\n'),
  achievements: [
    '1. 来访接待大厅和局机关运行保障有力，群众满意度稳步提升。',
    '2. 信访事项办理规范高效，按期办结率 {{metrics.onTimeAnswerRate}}。',
    '3. 全区信访形势总体平稳，上级交办的任务按时完成。',
  ].join('\n'),
  problems:
    '部门绩效管理不够精细，部分项目绩效目标的设定未能充分结合工作实际细化、量化，可衡量性有待提高。',
  improvements:
    '进一步明确分工、压实责任；加强预算绩效管理，注重绩效目标与评价指标的关联性，科学合理地设定部门绩效目标；加强固定资产管理，完善内部管理制度。',
};
