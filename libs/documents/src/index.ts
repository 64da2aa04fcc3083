export * from './supervision-letter';
export * from './letter-docx';
export * from './letter-pdf';
