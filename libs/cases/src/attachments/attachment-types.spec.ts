import { contentTypeFor, extensionMatches, sniffType } from './attachment-types';

const bytes = (...b: number[]) => Buffer.from([...b, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0]);

describe('attachment types', () => {
  it.each([
    [Buffer.from('%PDF-1.7\n'), 'pdf'],
    [bytes(0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a), 'png'],
    [bytes(0xff, 0xd8, 0xff, 0xe0), 'jpeg'],
    [bytes(0x50, 0x4b, 0x03, 0x04), 'ooxml'],
    [bytes(0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1), 'ole'],
    [Buffer.from('ID3\x04\x00'), 'mp3'],
    [Buffer.concat([Buffer.from('RIFF'), Buffer.alloc(4), Buffer.from('WAVEfmt ')]), 'wav'],
    [Buffer.from('MZ\x90\x00'), null],
    [Buffer.from('<html>'), null],
    [Buffer.alloc(0), null],
  ])('sniffs %#', (data, type) => {
    expect(sniffType(data)).toBe(type);
  });

  it('matches extensions to the sniffed type', () => {
    expect(extensionMatches('pdf', '信访材料.PDF')).toBe(true);
    expect(extensionMatches('pdf', 'virus.exe')).toBe(false);
    expect(extensionMatches('ooxml', '答复意见.docx')).toBe(true);
    expect(contentTypeFor('ooxml', 'a.xlsx')).toContain('spreadsheetml');
    expect(contentTypeFor('jpeg', 'a.jpg')).toBe('image/jpeg');
  });
});
