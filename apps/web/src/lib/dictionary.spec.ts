import openapi from '../api/openapi.json';
import { CASE_STATUS, CHANNEL, DICTIONARY_SOURCES, label, options } from './dictionary';

type Schema = { enum?: string[]; items?: Schema; properties?: Record<string, Schema> };
const schemas = (openapi as unknown as { components: { schemas: Record<string, Schema> } })
  .components.schemas;

describe('the dictionary names every enum value the API has', () => {
  it.each(DICTIONARY_SOURCES.map((d) => [`${d.schema}.${d.property}`, d] as const))(
    '%s',
    (_name, { labels, schema, property }) => {
      const prop = schemas[schema]?.properties?.[property];
      const values = prop?.enum ?? prop?.items?.enum;
      expect(values?.length).toBeGreaterThan(0);
      const unnamed = values!.filter((v) => !labels[v]);
      expect(unnamed).toEqual([]);
      for (const v of values!) expect(labels[v]).toMatch(/[\u4e00-\u9fff]/);
    },
  );

  it('every enum of a case the list shows is covered: status, channel and the rest', () => {
    const covered = new Set(DICTIONARY_SOURCES.map((d) => `${d.schema}.${d.property}`));
    for (const p of ['status', 'reviewKind', 'reviewStage']) {
      expect(covered.has(`CaseSummaryResponse.${p}`)).toBe(true);
    }
  });

  it('shows an unknown code as unknown, never as bare English', () => {
    expect(label(CASE_STATUS, 'accepted')).toBe('已受理办理中');
    expect(label(CASE_STATUS, 'teleported')).toBe('未知（teleported）');
    expect(label(CHANNEL, null)).toBe('—');
    expect(options(CHANNEL).map((o) => o.label)).toEqual(['来访', '来信', '来电', '网信', '传真']);
  });
});
