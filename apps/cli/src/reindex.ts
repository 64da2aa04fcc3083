import type { INestApplicationContext } from '@nestjs/common';
import { NameIndexer } from '@app/cases';

/** `reindex`: the names written before name search get their blind index. */
export async function runReindex(app: INestApplicationContext, say: (line: string) => void) {
  const r = await app.get(NameIndexer).reindex();
  say(`已建立姓名索引：信访人 ${r.petitioners} 人，信访件所留姓名 ${r.links} 条`);
}
