import type { SupervisionLetterDoc } from './supervision-letter';

/** A letter as the supervision service would fill it in, for the renderers' tests. */
export function sampleLetter(overrides: Partial<SupervisionLetterDoc> = {}): SupervisionLetterDoc {
  return {
    issuingOrgan: '广州市荔湾区信访局',
    number: '荔信督〔2022〕17号',
    typeLabel: '普通督办',
    reasonLabel: '超期未办结',
    unitName: '区住房和城乡建设局',
    cases: [
      {
        caseNo: 'XF-2022-000123',
        title: '反映芳村大道某小区加装电梯纠纷问题',
        registeredDate: '2022-03-01',
      },
      {
        caseNo: 'XF-2022-000187',
        title: '反映荔湾路旧楼改造安置补偿问题',
        registeredDate: '2022-03-15',
      },
      {
        caseNo: 'XF-2022-000204',
        title: '反映西关某工地夜间施工噪音扰民问题',
        registeredDate: '2022-04-02',
      },
    ],
    requirements:
      '请你单位高度重视，由主要负责同志牵头，逐件研究，\n依法依规提出处理意见，及时答复信访人。\n\n' +
      '对确有困难、短期内无法办结的事项，要说明原因，明确办理时限和责任人，并做好信访人的解释疏导工作，防止矛盾激化。',
    replyDueDate: '2022-05-20',
    issuedDate: '2022-05-06',
    signer: '王建国',
    contactPerson: '李晓明',
    contactPhone: '020-81234567',
    copyTo: ['区委办公室', '区政府办公室'],
    ...overrides,
  };
}
