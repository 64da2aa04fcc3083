import type { MigrationInterface, QueryRunner } from 'typeorm';

const TABLE = 'ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci';

const RECEIVED =
  '你（们）于{{registeredDate}}提出的信访事项（登记编号：{{caseNo}}，事由：{{caseTitle}}）已收悉。';

/**
 * The texts shipped with the system (信访工作条例 arts. 22, 31–36); an administrator edits them
 * (notice_templates.version moves on), and each notice keeps the text it was issued with.
 */
const DEFAULT_TEMPLATES: [kind: string, title: string, body: string][] = [
  [
    'acknowledgement',
    '信访事项登记回执',
    [
      '你（们）于{{registeredTime}}以{{channel}}形式提出的信访事项（事由：{{caseTitle}}）已由本机关登记，登记编号为{{caseNo}}。',
      '本机关将自登记之日起{{triageDays}}日内（最迟于{{triageDueDate}}前）决定转送、交办有权处理的机关或单位，或者依法告知不予受理的理由和途径。',
      '请妥善保存本回执，查询办理情况时请提供登记编号。本回执不作为受理凭证。',
    ].join('\n\n'),
  ],
  [
    'acceptance',
    '信访事项受理告知书',
    [
      RECEIVED,
      '经审查，本机关已于{{handoverDate}}依照《信访工作条例》有关规定将该信访事项{{handoverKind}}{{unitName}}办理。{{unitName}}应当自收到之日起{{acceptanceDays}}日内告知你（们）是否受理；受理后一般应当自受理之日起{{handlingDays}}日内办结，并书面答复你（们）。',
      '特此告知。',
    ].join('\n\n'),
  ],
  [
    'refusal',
    '信访事项不予受理告知书',
    [
      RECEIVED,
      '经审查，{{reason}}。依照《信访工作条例》有关规定，本机关于{{decisionDate}}决定不予受理。你（们）可以{{route}}。',
      '特此告知。',
    ].join('\n\n'),
  ],
  [
    'answer',
    '信访处理意见书',
    [
      '你（们）于{{registeredDate}}提出的信访事项（登记编号：{{caseNo}}，事由：{{caseTitle}}），经{{unitName}}调查核实，现答复如下：',
      '一、查明的事实：{{facts}}',
      '二、处理依据：{{basis}}',
      '三、处理意见：{{decision}}。',
      '如对本处理意见不服，可以自收到本意见书之日起{{reviewWindowDays}}日内，向原办理机关的上一级机关书面请求复查。',
    ].join('\n\n'),
  ],
  [
    'review_opinion',
    '信访事项复查意见书',
    [
      '你（们）不服登记编号为{{contestedCaseNo}}的信访事项的处理意见，于{{requestDate}}提出复查请求（登记编号：{{caseNo}}）。{{decisionBody}}依照《信访工作条例》有关规定进行了复查，现提出复查意见如下：',
      '{{reasons}}',
      '复查意见：{{decision}}原处理意见。',
      '如对本复查意见不服，可以自收到本意见书之日起{{reReviewWindowDays}}日内，向复查机关的上一级机关书面请求复核。',
    ].join('\n\n'),
  ],
  [
    're_review_opinion',
    '信访事项复核意见书',
    [
      '你（们）不服复查意见（复查件登记编号：{{contestedCaseNo}}），于{{requestDate}}提出复核请求（登记编号：{{caseNo}}）。{{decisionBody}}依照《信访工作条例》有关规定进行了复核，现提出复核意见如下：',
      '{{reasons}}',
      '复核意见：{{decision}}复查意见。',
      '本复核意见为该信访事项的最终处理意见。你（们）以同一事实和理由再次提出信访请求的，不再受理。',
    ].join('\n\n'),
  ],
  [
    'not_reaccepted',
    '信访事项不再受理告知书',
    [
      RECEIVED,
      '经审查，该信访事项与登记编号为{{finalCaseNo}}的信访事项系同一事实和理由，已经复核终结。依照《信访工作条例》第三十五条，本机关于{{decisionDate}}决定不再受理。',
      '特此告知。',
    ].join('\n\n'),
  ],
];

/**
 * The notices petitioners receive (issue 17): the administrator's templates, the notices issued
 * (number, text as issued, delivery) and the yearly sequences of the numbered kinds.
 */
export class PetitionerNotices1796218600000 implements MigrationInterface {
  name = 'PetitionerNotices1796218600000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE notice_templates (
        kind VARCHAR(24) NOT NULL,
        title VARCHAR(40) NOT NULL,
        body TEXT NOT NULL,
        version INT UNSIGNED NOT NULL,
        updated_by INT UNSIGNED NULL,
        updated_at DATETIME(3) NOT NULL,
        PRIMARY KEY (kind)
      ) ${TABLE}`);
    await q.query(`
      CREATE TABLE notice_sequences (
        code VARCHAR(20) NOT NULL,
        year SMALLINT UNSIGNED NOT NULL,
        last_seq INT UNSIGNED NOT NULL,
        PRIMARY KEY (code, year)
      ) ${TABLE}`);
    await q.query(`
      CREATE TABLE petitioner_notices (
        id BIGINT UNSIGNED NOT NULL AUTO_INCREMENT,
        case_id BIGINT UNSIGNED NOT NULL,
        kind VARCHAR(24) NOT NULL,
        code VARCHAR(20) NULL,
        year SMALLINT UNSIGNED NULL,
        seq INT UNSIGNED NULL,
        number VARCHAR(40) NULL,
        content MEDIUMTEXT NOT NULL,
        template_version INT UNSIGNED NOT NULL,
        due_date DATE NULL,
        recipient VARCHAR(200) NOT NULL,
        generated_by INT UNSIGNED NOT NULL,
        generated_at DATETIME(3) NOT NULL,
        delivery_method VARCHAR(12) NULL,
        delivered_at DATETIME(3) NULL,
        delivered_by INT UNSIGNED NULL,
        version INT UNSIGNED NOT NULL,
        updated_at DATETIME(3) NOT NULL,
        PRIMARY KEY (id),
        INDEX ix_petitioner_notices_case (case_id, id),
        UNIQUE INDEX uq_petitioner_notices_code_year_seq (code, year, seq)
      ) ${TABLE}`);
    for (const [kind, title, body] of DEFAULT_TEMPLATES) {
      await q.query(
        `INSERT INTO notice_templates (kind, title, body, version, updated_by, updated_at)
         VALUES (?, ?, ?, 1, NULL, UTC_TIMESTAMP(3))`,
        [kind, title, body],
      );
    }
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE petitioner_notices');
    await q.query('DROP TABLE notice_sequences');
    await q.query('DROP TABLE notice_templates');
  }
}
