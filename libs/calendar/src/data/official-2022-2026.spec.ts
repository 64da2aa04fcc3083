import chineseDays from 'chinese-days';
import officialJson from 'chinese-days/dist/chinese-days.json';
import { WorkingCalendar } from '../working-calendar';
import { OFFICIAL_2022_2026, OFFICIAL_YEARS } from './official-2022-2026';

// chinese-days labels days "English,中文,n"; the notices name the festivals 清明节, 端午节, 中秋节.
const OFFICIAL_NAME: Record<string, string> = {
  元旦: '元旦',
  春节: '春节',
  清明: '清明节',
  劳动节: '劳动节',
  端午: '端午节',
  中秋: '中秋节',
  国庆节: '国庆节',
};

const inYears = (date: string) => OFFICIAL_YEARS.includes(Number(date.slice(0, 4)));

function fromChineseDays(kind: 'holiday' | 'workday', map: Record<string, string>) {
  return Object.entries(map)
    .filter(([date]) => inYears(date))
    .map(([date, label]) => ({ date, kind, name: OFFICIAL_NAME[label.split(',')[1]] }));
}

describe('the shipped official calendar 2022–2026', () => {
  it('lists exactly the holidays and 调休 days chinese-days lists', () => {
    const expected = [
      ...fromChineseDays('holiday', officialJson.holidays),
      ...fromChineseDays('workday', officialJson.workdays),
    ].sort((a, b) => a.date.localeCompare(b.date));
    expect([...OFFICIAL_2022_2026]).toEqual(expected);
  });

  it('agrees with chinese-days on every day of 2022–2026', () => {
    const calendar = new WorkingCalendar([...OFFICIAL_2022_2026], [...OFFICIAL_YEARS]);
    const disagreements: string[] = [];
    for (
      let day = new Date(2022, 0, 1);
      day.getFullYear() <= 2026;
      day.setDate(day.getDate() + 1)
    ) {
      // A local-midnight Date: chinese-days reads dates in the process time zone.
      const date = `${day.getFullYear()}-${String(day.getMonth() + 1).padStart(2, '0')}-${String(day.getDate()).padStart(2, '0')}`;
      if (calendar.isWorkingDay(date) !== chineseDays.isWorkday(new Date(day)))
        disagreements.push(date);
    }
    expect(disagreements).toEqual([]);
  });

  it('holds every year, each with its Spring Festival', () => {
    for (const year of OFFICIAL_YEARS) {
      expect(
        OFFICIAL_2022_2026.some((d) => d.date.startsWith(`${year}-`) && d.name === '春节'),
      ).toBe(true);
    }
  });
});
