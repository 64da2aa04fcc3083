import { strFromU8, unzipSync } from 'fflate';
import { renderLetterDocx } from './letter-docx';
import { sampleLetter } from './sample-letter.fixture';
import { letterParagraphs, type SupervisionLetterDoc } from './supervision-letter';

async function unzipDocx(doc: SupervisionLetterDoc): Promise<Record<string, string>> {
  const files = unzipSync(new Uint8Array(await renderLetterDocx(doc)));
  return Object.fromEntries(Object.entries(files).map(([name, bytes]) => [name, strFromU8(bytes)]));
}

/** The text of each Word paragraph, in order. */
function paragraphTexts(xml: string): string[] {
  return [...xml.matchAll(/<w:p[ >][\s\S]*?<\/w:p>/g)].map(([p]) =>
    [...p.matchAll(/<w:t(?: [^>]*)?>([^<]*)<\/w:t>/g)].map(([, t]) => t).join(''),
  );
}

describe('renderLetterDocx', () => {
  it('writes a Word document with the number, addressee, every case, the deadline and the signer', async () => {
    const doc = sampleLetter();
    const files = await unzipDocx(doc);
    const body = files['word/document.xml'];
    expect(body).toContain('荔信督〔2022〕17号');
    expect(body).toContain('区住房和城乡建设局：');
    for (const c of doc.cases) expect(body).toContain(c.caseNo);
    expect(body).toContain('请于2022年5月20日前将办理情况书面报送我局。');
    expect(body).toContain('王建国');
    expect(body).toContain('2022年5月6日');
  });

  it('lays out exactly the wording of letterParagraphs, one Word paragraph each', async () => {
    const doc = sampleLetter();
    const files = await unzipDocx(doc);
    expect(paragraphTexts(files['word/document.xml'])).toEqual(letterParagraphs(doc));
  });

  it('prints the letterhead in red and sets A4 with the 公文 margins', async () => {
    const body = (await unzipDocx(sampleLetter()))['word/document.xml'];
    expect(body).toMatch(/<w:color w:val="E60012"\/>[^]*?广州市荔湾区信访局/);
    expect(body).toMatch(/<w:pgSz w:w="11906" w:h="16838"/);
    expect(body).toMatch(/<w:pgMar w:top="2098"/); // 37 mm
  });

  it('marks a void letter 作废 in the header of every page, and only a void one', async () => {
    const voided = await unzipDocx(sampleLetter({ voided: true }));
    const headers = Object.keys(voided).filter((name) => /^word\/header\d+\.xml$/.test(name));
    expect(headers).not.toHaveLength(0);
    for (const name of headers) expect(voided[name]).toContain('作废');
    expect(voided['word/document.xml']).toMatch(/<w:headerReference w:type="default"/);

    const valid = await unzipDocx(sampleLetter());
    expect(Object.values(valid).join('')).not.toContain('作废');
  });
});
