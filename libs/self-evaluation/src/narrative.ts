/** The report's text sections, in the reference's order (一、基本情况 … 四、下一步改进措施). */
export const SECTION_KEYS = [
  'functions',
  'budgetSummary',
  'goals',
  'keyTasks',
  'conclusion',
  'taskCompletion',
  'achievements',
  'problems',
  'improvements',
] as const;
export type SectionKey = (typeof SECTION_KEYS)[number];
export type Sections = Record<SectionKey, string>;

export const SECTION_TITLES: Record<SectionKey, string> = {
  functions: '部门职能',
  budgetSummary: '部门整体收支情况',
  goals: '部门整体支出绩效目标',
  keyTasks: '部门年度重点工作任务',
  conclusion: '自评结论综述',
  taskCompletion: '各重点工作任务绩效目标完成情况分析',
  achievements: '主要工作成效',
  problems: '存在的主要问题',
  improvements: '下一步改进措施',
};

/** A first year's text: the numbers are placeholders filled from the data at rendering. */
export function defaultSections(): Sections {
  return {
    functions: '（填写部门的主要职责。）',
    budgetSummary:
      '全年预算数 {{budget.total}} 万元，执行数 {{budget.executed}} 万元，完成预算的 {{budget.executionRate}}。\n' +
      '按资金来源分，一般公共预算财政拨款支出 {{budget.source.general_public}} 万元，政府性基金预算财政拨款支出 {{budget.source.government_fund}} 万元，国有资本经营预算财政拨款支出 {{budget.source.state_capital}} 万元，其他资金支出 {{budget.source.other}} 万元。按支出性质看，基本支出 {{budget.basic}} 万元，项目支出 {{budget.project}} 万元。年末结转和结余 {{budget.carryOver}} 万元。',
    goals: '（填写部门整体支出绩效目标。）',
    keyTasks: '（填写部门年度重点工作任务及实施内容。）',
    conclusion:
      '通过省一体化信访信息系统交转办的信访案件办结率 {{metrics.systemClosureRate}}，处理群众复查复核信访事项 {{metrics.reviewsHandled}} 件，化解重点信访事项 {{metrics.keyMattersResolved}} 件，全年发出督办函 {{metrics.lettersIssued}} 份；全年登记信访件 {{metrics.casesRegistered}} 件，按期办结率 {{metrics.onTimeAnswerRate}}，群众满意率 {{metrics.satisfactionRate}}。推行“五个一”机制，合力推动重点信访事项化解，自评 {{score.total}} 分。',
    taskCompletion: '（逐项分析各重点工作任务绩效目标的完成情况。）',
    achievements: '（填写主要工作成效。）',
    problems: '（填写存在的主要问题。）',
    improvements: '（填写下一步改进措施。）',
  };
}

// The placeholders of the narrative are those of every template (the petitioner notices' too).
export { fillPlaceholders, placeholdersIn } from '@app/documents';
