/** Seeded, realistic-looking synthetic petition data (names, ID numbers, phones, texts). */

/** mulberry32: a small fast seeded PRNG, so a data set can be generated again identically. */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export class Fake {
  constructor(readonly rand: () => number) {}

  int(min: number, max: number): number {
    return min + Math.floor(this.rand() * (max - min + 1));
  }

  pick<T>(items: readonly T[]): T {
    return items[Math.floor(this.rand() * items.length)];
  }

  chance(p: number): boolean {
    return this.rand() < p;
  }

  /** Picks by weight; build the table once with `weights()`. */
  weighted<T>(table: WeightTable<T>): T {
    const r = this.rand() * table.total;
    let lo = 0;
    let hi = table.cumulative.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (table.cumulative[mid] < r) lo = mid + 1;
      else hi = mid;
    }
    return table.values[lo];
  }

  personName(): string {
    const given = this.chance(0.25) ? this.pick(GIVEN) : this.pick(GIVEN) + this.pick(GIVEN);
    return this.pick(SURNAMES) + given;
  }

  organisationName(): string {
    return `广州${this.pick(ORG_WORDS)}${this.pick(ORG_WORDS)}${this.pick(ORG_KINDS)}`;
  }

  street(): string {
    return this.pick(STREETS);
  }

  address(street = this.street()): string {
    return `广州市荔湾区${street}${this.pick(ROADS)}${this.int(1, 300)}号${this.int(1, 30)}${this.pick(['01', '02', '03', '04'])}房`;
  }

  /** A mobile number (95 %) or a Guangzhou landline. */
  phone(n = this.int(0, 99_999_999)): string {
    const scrambled = (n * 7_919 + 12_345) % 100_000_000;
    if (n % 20 === 7) return `020-8${String(scrambled % 10_000_000).padStart(7, '0')}`;
    return `${MOBILE[n % MOBILE.length]}${String(scrambled).padStart(8, '0')}`;
  }

  title(categoryName: string, street: string): string {
    return `${this.pick(TITLE_VERBS)}${street}${this.pick(TITLE_PLACES)}${categoryName}问题`;
  }

  content(categoryName: string, street: string, minChars: number, maxChars: number): string {
    const target = this.int(minChars, maxChars);
    let text = `信访人反映：其在荔湾区${street}${this.pick(TITLE_PLACES)}遇到${categoryName}问题，`;
    while (text.length < target) text += this.pick(PHRASES);
    return `${text.slice(0, target - 1)}。`;
  }
}

export interface WeightTable<T> {
  values: T[];
  cumulative: number[];
  total: number;
}

export function weights<T>(entries: [T, number][]): WeightTable<T> {
  let total = 0;
  const cumulative = entries.map(([, w]) => (total += w));
  return { values: entries.map(([v]) => v), cumulative, total };
}

/** Zipf-like weights 1/(i+1)^s for n items: a few units or people get most cases. */
export function zipf<T>(values: T[], s = 1): WeightTable<T> {
  return weights(values.map((v, i) => [v, 1 / Math.pow(i + 1, s)]));
}

// ------------------------------------------------------------------ ID numbers

const REGIONS = [
  '440103',
  '440104',
  '440105',
  '440106',
  '440111',
  '440112',
  '440113',
  '440114',
  '440604',
  '440606',
  '430102',
  '360102',
  '450102',
  '510104',
  '420102',
  '441302',
];
const BIRTH_START = Date.UTC(1940, 0, 1);
const BIRTH_DAYS = 24_000; // to 2005
const ID_SPACE = REGIONS.length * BIRTH_DAYS * 1000;
const ID_WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];

/**
 * The n-th resident ID number of a bijective scramble of (region, birth date, sequence): distinct
 * n give distinct, random-looking, valid 18-character numbers with a correct check digit.
 */
export function residentId(n: number): string {
  const m = Number((BigInt(n) * 2_654_435_761n + 97_531n) % BigInt(ID_SPACE));
  const seq = m % 1000;
  const day = Math.floor(m / 1000) % BIRTH_DAYS;
  const region = REGIONS[Math.floor(m / 1000 / BIRTH_DAYS)];
  const birth = new Date(BIRTH_START + day * 86_400_000)
    .toISOString()
    .slice(0, 10)
    .replace(/-/g, '');
  const body = `${region}${birth}${String(seq).padStart(3, '0')}`;
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += Number(body[i]) * ID_WEIGHTS[i];
  return body + '10X98765432'[sum % 11];
}

export const ID_NUMBER_SPACE = ID_SPACE;

const CREDIT = '0123456789ABCDEFGHJKLMNPQRTUWXY';
/** The n-th unified social credit code (统一社会信用代码), distinct for distinct n. */
export function creditCode(n: number): string {
  let m = (n * 40_503 + 7) % 31 ** 9;
  let tail = '';
  for (let i = 0; i < 9; i++) {
    tail = CREDIT[m % 31] + tail;
    m = Math.floor(m / 31);
  }
  return `91${REGIONS[n % 10]}${tail}${CREDIT[n % 31]}`;
}

// ------------------------------------------------------------------ word lists

const SURNAMES = [
  ...'王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤',
];
const GIVEN = [
  ...'伟芳娜秀敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉兰萍红建国志文辉婷雪琳晨浩宇欣怡子轩梓涵一诺思源佳俊嘉颖永健淑珍锦荣耀祖金凤美玲少华德明',
];
const ORG_WORDS = [...'华粤穗信达恒通盛泰安康宏远鑫源荔湾南方珠江新城富力越秀'];
const ORG_KINDS = [
  '有限公司',
  '物业管理有限公司',
  '建筑工程有限公司',
  '餐饮管理有限公司',
  '业主委员会',
  '经济合作社',
];
export const STREETS = [
  '沙面街道',
  '岭南街道',
  '华林街道',
  '多宝街道',
  '昌华街道',
  '逢源街道',
  '龙津街道',
  '金花街道',
  '彩虹街道',
  '南源街道',
  '西村街道',
  '站前街道',
  '桥中街道',
  '白鹤洞街道',
  '冲口街道',
  '花地街道',
  '石围塘街道',
  '茶滘街道',
  '东漖街道',
  '海龙街道',
  '东沙街道',
  '中南街道',
];
const ROADS = [
  '中山七路',
  '龙津西路',
  '芳村大道',
  '花地大道',
  '康王中路',
  '黄沙大道',
  '东漖北路',
  '鹤洞路',
  '坑口大街',
];
const MOBILE = [
  '130',
  '131',
  '132',
  '133',
  '135',
  '136',
  '137',
  '138',
  '139',
  '150',
  '151',
  '152',
  '155',
  '157',
  '158',
  '159',
  '177',
  '180',
  '181',
  '186',
  '187',
  '188',
  '189',
  '199',
];
const TITLE_VERBS = ['反映', '投诉', '请求解决', '举报', '建议解决', '求助'];
const TITLE_PLACES = ['某小区', '某社区', '某村', '某公司', '某学校', '某市场', '某路段', '某工地'];
const PHRASES = [
  '已持续较长时间，',
  '严重影响周边居民的正常生活，',
  '信访人曾多次向社区居委会和相关职能部门反映，',
  '但至今未得到有效解决，',
  '相关单位答复称正在协调处理，',
  '信访人对此表示不满，',
  '现请求有关部门依法依规调查核实，',
  '并给予明确书面答复，',
  '涉及群众约二十余户，',
  '信访人提供了相关照片和书面材料，',
  '要求责任单位限期整改，',
  '希望政府部门加强监督管理，',
  '此前已于去年通过网上信访渠道反映过同一问题，',
  '信访人情绪较为激动，',
  '经初步了解情况基本属实，',
  '相关合同和票据信访人已提交复印件，',
  '要求依法保障其合法权益，',
  '并追究相关责任人的责任，',
];
