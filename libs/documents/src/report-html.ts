import type { ReportDoc } from './report';

const escape = (s: string) =>
  s.replace(
    /[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!,
  );

/** The report as one self-contained HTML page (CJK fonts from the reader's system). */
export function renderReportHtml(doc: ReportDoc): string {
  const body = doc.blocks
    .map((b) => {
      switch (b.kind) {
        case 'heading':
          return b.level === 1 ? `<h2>${escape(b.text)}</h2>` : `<h3>${escape(b.text)}</h3>`;
        case 'paragraph':
          return `<p>${escape(b.text)}</p>`;
        case 'table': {
          const total = b.widths.reduce((a, w) => a + w, 0);
          const cols = b.widths
            .map((w) => `<col style="width:${((w / total) * 100).toFixed(1)}%">`)
            .join('');
          const head = b.header.map((h) => `<th>${escape(h)}</th>`).join('');
          const rows = b.rows
            .map((r) => `<tr>${r.map((c) => `<td>${escape(c)}</td>`).join('')}</tr>`)
            .join('\n');
          const totalRow = b.totalRow
            ? `<tr class="total">${b.totalRow.map((c) => `<td>${escape(c)}</td>`).join('')}</tr>`
            : '';
          return `<table><caption>${escape(b.caption)}</caption><colgroup>${cols}</colgroup><thead><tr>${head}</tr></thead><tbody>\n${rows}\n${totalRow}</tbody></table>`;
        }
      }
    })
    .join('\n');
  return `<!DOCTYPE html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<title>${escape(doc.title)}</title>
<style>
body { font-family: "FangSong", "仿宋", "STFangsong", "Noto Serif SC", "Noto Serif CJK SC", "Songti SC", "SimSun", serif; font-size: 16pt; line-height: 1.8; max-width: 160mm; margin: 20mm auto; color: #000; }
h1 { font-family: "SimHei", "黑体", "Noto Sans SC", "Noto Sans CJK SC", sans-serif; font-size: 22pt; text-align: center; font-weight: normal; }
h2 { font-family: "SimHei", "黑体", "Noto Sans SC", "Noto Sans CJK SC", sans-serif; font-size: 16pt; font-weight: normal; margin: 1em 0 0; }
h3 { font-family: "KaiTi", "楷体", "Noto Serif SC", serif; font-size: 16pt; font-weight: bold; margin: 0.5em 0 0; }
p { text-indent: 2em; margin: 0; text-align: justify; }
table { border-collapse: collapse; width: 100%; margin: 1em 0; font-size: 11pt; line-height: 1.4; }
caption { font-family: "SimHei", "黑体", sans-serif; font-size: 14pt; margin-bottom: 0.5em; }
th, td { border: 1px solid #000; padding: 3px 5px; vertical-align: middle; }
th { font-weight: bold; text-align: center; }
tr.total td { font-weight: bold; }
</style>
</head>
<body>
<h1>${escape(doc.title)}</h1>
${body}
</body>
</html>
`;
}
