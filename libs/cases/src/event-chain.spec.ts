import {
  canonicalJson,
  eventHash,
  firstBrokenLink,
  genesisHash,
  type ChainedEvent,
} from './event-chain';

const at = new Date('2022-03-01T02:00:00.000Z');
function chain(caseNo: string, events: Omit<ChainedEvent, 'seq'>[]) {
  let prev = genesisHash(caseNo);
  return events.map((e, i) => {
    const full = { ...e, seq: i + 1 };
    const hash = eventHash(prev, full);
    const out = { ...full, prevHash: prev, hash };
    prev = hash;
    return out;
  });
}

describe('event hash chain', () => {
  const events = chain('XF-2022-000001', [
    {
      type: 'registered',
      actorId: 1,
      at,
      fromStatus: null,
      toStatus: 'registered',
      data: { channel: 'visit' },
    },
    {
      type: 'transferred',
      actorId: 2,
      at,
      fromStatus: 'registered',
      toStatus: 'transferred',
      data: { unitId: 3 },
    },
  ]);

  it('verifies an untouched chain', () => {
    expect(firstBrokenLink('XF-2022-000001', events)).toBeNull();
  });

  it('finds an edited event', () => {
    const tampered = events.map((e) => (e.seq === 1 ? { ...e, data: { channel: 'letter' } } : e));
    expect(firstBrokenLink('XF-2022-000001', tampered)).toBe(1);
  });

  it('finds a removed event and a chain moved to another case', () => {
    expect(firstBrokenLink('XF-2022-000001', [events[1]])).toBe(2);
    expect(firstBrokenLink('XF-2022-000002', events)).toBe(1);
  });

  it('canonical JSON ignores key order and undefined, keeps arrays in order', () => {
    expect(canonicalJson({ b: 1, a: { d: [2, 1], c: undefined } })).toBe('{"a":{"d":[2,1]},"b":1}');
    expect(canonicalJson({ a: 1, b: 2 })).toBe(canonicalJson({ b: 2, a: 1 }));
  });
});
