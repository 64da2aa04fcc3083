import type { INestApplicationContext } from '@nestjs/common';
import {
  ChainCheckpointService,
  LegacyChainResealer,
  type CaseBreak,
  type ChainVerdict,
} from '@app/cases';

type Say = (line: string) => void;

const describe = (v: ChainVerdict) =>
  v.intact ? '完整' : `断裂：${v.kind}${v.brokenAt ? `，第 ${v.brokenAt} 条起` : ''}`;
const line = (b: CaseBreak) =>
  `  ${b.caseNo}（id ${b.caseId}）${b.kind}${b.brokenAt ? `，第 ${b.brokenAt} 条起` : ''}`;

/**
 * `chain verify [<case id>]`, `chain checkpoint`, `chain rechain`. Returns the exit code: 0 when
 * every chain verifies, 2 when something is broken (so a cron job or a monitor can act on it).
 */
export async function runChain(
  app: INestApplicationContext,
  args: string[],
  say: Say,
): Promise<number> {
  const [sub, arg] = args;
  const checkpoints = app.get(ChainCheckpointService);
  switch (sub) {
    case 'verify': {
      if (arg !== undefined) {
        if (!/^[1-9]\d{0,15}$/.test(arg)) throw new Error('chain verify 需要案件 id（正整数）');
        const v = await checkpoints.verifyCase(Number(arg));
        say(`案件 id ${arg}：${describe(v)}`);
        say(JSON.stringify(v));
        return v.intact ? 0 : 2;
      }
      const breaks = await checkpoints.verifyAll();
      say(breaks.length ? `${breaks.length} 件案件的办理记录断裂：` : '全部案件的办理记录完整');
      for (const b of breaks) say(line(b));
      return breaks.length ? 2 : 0;
    }
    case 'checkpoint': {
      const r = await checkpoints.take();
      const c = r.checkpoint;
      say(
        `${r.created ? '已写入' : '今日已有'}检查点 ${c.day}（#${c.id}）：${c.caseCount} 件、${c.eventCount} 条；root ${c.root}；签名 ${c.signature}`,
      );
      if (r.created) say(`本次校验 ${r.verified} 件`);
      for (const b of r.breaks) say(line(b));
      for (const p of r.problems) say(`  ${p}`);
      return r.breaks.length || r.problems.length ? 2 : 0;
    }
    case 'rechain': {
      const r = await app.get(LegacyChainResealer).reseal();
      say(`已按密钥重新封存 ${r.sealed} 件旧链案件`);
      if (r.broken.length) say(`${r.broken.length} 件旧链本身已断裂，保持原样：`);
      for (const b of r.broken) say(`  ${b.caseNo}（id ${b.caseId}）第 ${b.brokenAt} 条起`);
      return r.broken.length ? 2 : 0;
    }
    default:
      throw new Error('chain 需要子命令：verify [<案件 id>] | checkpoint | rechain');
  }
}
