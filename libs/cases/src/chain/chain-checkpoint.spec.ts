import { merkleRoot } from './chain-checkpoint.service';

const head = (caseId: number, eventCount = 3) => ({
  caseId,
  caseNo: `XF-2022-${String(caseId).padStart(6, '0')}`,
  eventCount,
  lastEventHash: String(caseId).repeat(64).slice(0, 64),
});

describe('merkleRoot of the case heads', () => {
  const heads = [1, 2, 3, 4, 5].map((id) => head(id));

  it('does not depend on the order the heads are read in', () => {
    expect(merkleRoot([...heads].reverse())).toBe(merkleRoot(heads));
  });

  it('changes when a head moves, a case goes or a case comes', () => {
    const root = merkleRoot(heads);
    expect(merkleRoot(heads.map((h) => (h.caseId === 3 ? head(3, 2) : h)))).not.toBe(root);
    expect(merkleRoot(heads.filter((h) => h.caseId !== 5))).not.toBe(root);
    expect(merkleRoot([...heads, head(6)])).not.toBe(root);
    expect(merkleRoot([])).toMatch(/^[0-9a-f]{64}$/);
  });
});
