export * from './supervision-letter';
export * from './letter-docx';
export * from './letter-pdf';
export * from './report';
export * from './report-docx';
export * from './report-html';
export * from './report-pdf';
export * from './acknowledgement';
