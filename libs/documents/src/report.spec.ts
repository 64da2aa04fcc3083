import { strFromU8, unzipSync } from 'fflate';
import type { ReportDoc } from './report';
import { renderReportDocx } from './report-docx';
import { renderReportHtml } from './report-html';

const doc: ReportDoc = {
  title: '某区信访局 2022 年部门整体支出绩效自评报告',
  author: '某区信访局',
  blocks: [
    { kind: 'heading', level: 1, text: '一、基本情况' },
    { kind: 'heading', level: 2, text: '（一）部门职能' },
    { kind: 'paragraph', text: '处理群众来信来访 <script>alert(1)</script> & 其他。' },
    {
      kind: 'table',
      caption: '附表 1',
      header: ['三级指标', '得分'],
      widths: [3, 1],
      rows: [['化解重点信访事项', '10']],
      totalRow: ['合计', '自评 100 分'],
    },
  ],
};

describe('report renderers', () => {
  it('HTML escapes the text and keeps headings, paragraphs and the table with its total row', () => {
    const html = renderReportHtml(doc);
    expect(html).toContain('<h1>某区信访局 2022 年部门整体支出绩效自评报告</h1>');
    expect(html).toContain('<h2>一、基本情况</h2>');
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt; &amp; 其他');
    expect(html).not.toContain('<script>');
    expect(html).toContain('<tr class="total"><td>合计</td><td>自评 100 分</td></tr>');
  });

  it('.docx carries the title, the text and a real table (w:tbl) with the total', async () => {
    const files = unzipSync(new Uint8Array(await renderReportDocx(doc)));
    const xml = strFromU8(files['word/document.xml']);
    expect(xml).toContain('<w:tbl>');
    const text = xml.replace(/<[^>]+>/g, '');
    for (const expected of [doc.title, '（一）部门职能', '化解重点信访事项', '自评 100 分']) {
      expect(text).toContain(expected);
    }
    expect(strFromU8(files['word/styles.xml'])).toContain('仿宋');
  });
});
