import { sampleLetter } from './sample-letter.fixture';
import {
  chineseDate,
  letterBlocks,
  letterParagraphs,
  requirementParagraphs,
} from './supervision-letter';

describe('chineseDate', () => {
  it.each([
    ['2022-05-06', '2022年5月6日'],
    ['2022-05-20', '2022年5月20日'],
    ['2022-10-01', '2022年10月1日'],
    ['2022-12-31', '2022年12月31日'],
    ['2024-02-29', '2024年2月29日'],
    ['2026-01-09', '2026年1月9日'],
  ])('writes %s as %s', (date, written) => {
    expect(chineseDate(date)).toBe(written);
  });

  it.each(['2023-02-29', '2022-5-6', '2022/05/06', '2022-05-06T00:00', ''])(
    'refuses the malformed date %p',
    (bad) => {
      expect(() => chineseDate(bad)).toThrow(RangeError);
    },
  );
});

describe('the letter wording', () => {
  it('reads head to foot: organ mark, number, addressee, cases, requirements, deadline, contact, 落款, 抄送', () => {
    expect(letterParagraphs(sampleLetter())).toEqual([
      '广州市荔湾区信访局',
      '督 办 函',
      '荔信督〔2022〕17号',
      '区住房和城乡建设局：',
      '经查，你单位办理的下列3件信访事项存在“超期未办结”情形。根据《信访工作条例》有关规定，现予以普通督办。',
      '1．XF-2022-000123　反映芳村大道某小区加装电梯纠纷问题（2022年3月1日登记）',
      '2．XF-2022-000187　反映荔湾路旧楼改造安置补偿问题（2022年3月15日登记）',
      '3．XF-2022-000204　反映西关某工地夜间施工噪音扰民问题（2022年4月2日登记）',
      '督办要求：',
      '请你单位高度重视，由主要负责同志牵头，逐件研究，依法依规提出处理意见，及时答复信访人。',
      '对确有困难、短期内无法办结的事项，要说明原因，明确办理时限和责任人，并做好信访人的解释疏导工作，防止矛盾激化。',
      '请于2022年5月20日前将办理情况书面报送我局。',
      '联系人：李晓明　　联系电话：020-81234567',
      '广州市荔湾区信访局',
      '签发人：王建国',
      '2022年5月6日',
      '抄送：区委办公室，区政府办公室。',
    ]);
  });

  it.each(['普通督办', '现场督办', '挂牌督办', '专项督办'])(
    'names the type %s in the opening sentence',
    (typeLabel) => {
      const opening = letterBlocks(sampleLetter({ typeLabel })).find((b) => b.kind === 'body');
      expect(opening?.text).toContain(`现予以${typeLabel}。`);
    },
  );

  it('leaves out what the letter does not have: cases, requirements, contact, 抄送', () => {
    const lines = letterParagraphs(
      sampleLetter({
        cases: [],
        requirements: '  \n\n ',
        contactPerson: undefined,
        contactPhone: ' ',
        copyTo: [],
        reasonLabel: '群众反映强烈',
      }),
    );
    expect(lines).toContain(
      '经查，你单位信访工作存在“群众反映强烈”情形。根据《信访工作条例》有关规定，现予以普通督办。',
    );
    expect(lines.join('\n')).not.toMatch(/督办要求|联系|抄送|登记）/);
  });

  it('gives only the contact detail that is known', () => {
    const lines = letterParagraphs(sampleLetter({ contactPerson: undefined }));
    expect(lines).toContain('联系电话：020-81234567');
  });

  it('refuses a letter without an addressee or with a malformed date', () => {
    expect(() => letterBlocks(sampleLetter({ unitName: ' ' }))).toThrow(RangeError);
    expect(() => letterBlocks(sampleLetter({ replyDueDate: '2022-5-20' }))).toThrow(RangeError);
    const cases = [{ caseNo: 'XF-2022-000001', title: '问题', registeredDate: '2022-02-30' }];
    expect(() => letterBlocks(sampleLetter({ cases }))).toThrow(RangeError);
  });
});

describe('requirementParagraphs', () => {
  it.each([
    ['一段。', ['一段。']],
    ['第一段，\n接着写。\n\n第二段。', ['第一段，接着写。', '第二段。']],
    ['第一段。\r\n\r\n第二段。\r\n', ['第一段。', '第二段。']],
    ['  缩进的一段。\n \n\n\n　第二段。', ['缩进的一段。', '第二段。']],
    ['reply within\n15 days', ['reply within 15 days']],
    ['', []],
  ])('splits %p into %p', (text, paragraphs) => {
    expect(requirementParagraphs(text)).toEqual(paragraphs);
  });
});
