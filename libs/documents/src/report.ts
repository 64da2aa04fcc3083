/**
 * A report as a list of blocks, rendered alike to .docx, HTML and PDF (the 部门整体支出绩效自评报告
 * and any other tabular report): the renderers know layout, not content.
 */
export type ReportBlock =
  | { kind: 'heading'; level: 1 | 2; text: string }
  | { kind: 'paragraph'; text: string }
  | {
      kind: 'table';
      caption: string;
      header: string[];
      rows: string[][];
      /** Relative column widths. */
      widths: number[];
      /** A last row set in bold (合计). */
      totalRow?: string[];
    };

export interface ReportDoc {
  title: string;
  author: string;
  blocks: ReportBlock[];
}
