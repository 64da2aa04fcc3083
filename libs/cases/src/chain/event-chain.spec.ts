import {
  canonicalJson,
  ChainKey,
  eventHash,
  firstBrokenLegacyLink,
  genesisHash,
  verifyChain,
  type ChainedEvent,
} from './event-chain';

const at = new Date('2022-03-01T02:00:00.000Z');
const key = new ChainKey(Buffer.alloc(32, 1).toString('base64'));
const CASE = { id: 7, caseNo: 'XF-2022-000001' };

const base: ChainedEvent[] = [
  {
    seq: 1,
    type: 'registered',
    actorId: 1,
    at,
    fromStatus: null,
    toStatus: 'registered',
    data: { caseNo: CASE.caseNo, channel: 'visit' },
  },
  {
    seq: 2,
    type: 'transferred',
    actorId: 2,
    at,
    fromStatus: 'registered',
    toStatus: 'transferred',
    data: { unitId: 3 },
  },
  {
    seq: 3,
    type: 'accepted',
    actorId: 4,
    at,
    fromStatus: 'transferred',
    toStatus: 'accepted',
    data: {},
  },
];

function sealed(events = base, k = key) {
  const { events: linked, head } = k.chainFrom(CASE.id, events);
  return { events: linked, row: { ...CASE, headMac: head.headMac }, head };
}

describe('keyed event chain', () => {
  it('verifies an untouched chain', () => {
    const { events, row } = sealed();
    expect(verifyChain(key, row, events)).toEqual({ intact: true, brokenAt: null, kind: null });
  });

  it('another key does not verify it: a recomputed chain without the key fails at 1', () => {
    const other = new ChainKey(Buffer.alloc(32, 2).toString('base64'));
    const { events, row } = sealed(base, other);
    expect(verifyChain(key, row, events)).toMatchObject({ brokenAt: 1, kind: 'altered' });
  });

  it('names an edited event, a gap, a lost tail, a forged event and a head set back', () => {
    const { events, row, head } = sealed();
    const edited = events.map((e) => (e.seq === 2 ? { ...e, data: { unitId: 9 } } : e));
    expect(verifyChain(key, row, edited)).toMatchObject({ brokenAt: 2, kind: 'altered' });
    expect(verifyChain(key, row, [events[0], events[2]])).toMatchObject({
      brokenAt: 2,
      kind: 'missing_event',
    });
    expect(verifyChain(key, row, events.slice(0, 2))).toMatchObject({
      brokenAt: 3,
      kind: 'deleted_tail',
    });
    const forged = { ...base[2], seq: 4, prevHash: head.lastEventHash, hash: 'f'.repeat(64) };
    expect(verifyChain(key, row, [...events, forged])).toMatchObject({
      brokenAt: 4,
      kind: 'inserted',
    });
    const setBack = { ...row, headMac: key.head(CASE.id, 2, events[1].hash) };
    expect(verifyChain(key, setBack, events)).toMatchObject({ brokenAt: 3, kind: 'head_mismatch' });
    // Tail and head both set back: only the checkpoint still knows the third event.
    expect(
      verifyChain(key, setBack, events.slice(0, 2), {
        eventCount: 3,
        lastEventHash: events[2].hash,
      }),
    ).toMatchObject({ brokenAt: 3, kind: 'deleted_tail' });
  });

  it('the first event is bound to the case: another id or number does not verify', () => {
    const { events, row } = sealed();
    expect(verifyChain(key, { ...row, id: 8 }, events).intact).toBe(false);
    expect(verifyChain(key, { ...row, caseNo: 'XF-2022-000002' }, events)).toMatchObject({
      brokenAt: 1,
      kind: 'altered',
    });
  });
});

describe('unkeyed chain of before', () => {
  it('still walks, for the re-sealing of old chains', () => {
    let prev = genesisHash(CASE.caseNo);
    const events = base.map((e) => {
      const hash = eventHash(prev, e);
      const out = { ...e, prevHash: prev, hash };
      prev = hash;
      return out;
    });
    expect(firstBrokenLegacyLink(CASE.caseNo, events)).toBeNull();
    expect(firstBrokenLegacyLink(CASE.caseNo, [events[0], events[2]])).toBe(3);
  });

  it('canonical JSON ignores key order and undefined, keeps arrays in order', () => {
    expect(canonicalJson({ b: 1, a: { d: [2, 1], c: undefined } })).toBe('{"a":{"d":[2,1]},"b":1}');
    expect(canonicalJson({ a: 1, b: 2 })).toBe(canonicalJson({ b: 2, a: 1 }));
  });
});
