// Realistic inbound traffic for the ingest benches: 30% case-creating, 70% greetings, FAQ, status queries and noise.
import type { InboundMessage } from '../../api/messages/inbound-message.js';

export interface MixFixture {
  /** Rooms bound to a grid, so clues posted in them route to the owning group. */
  rooms: { id: string; topic: string }[];
  /** Community names a resident may name in a private dispute report. */
  places: string[];
}

export type MessageKind = 'room_clue' | 'dispute' | 'greeting' | 'faq' | 'status' | 'none';

// Cumulative shares: 15% clues in rooms + 15% disputes with a place = 30% case-creating.
const MIX: [MessageKind, number][] = [
  ['room_clue', 0.15],
  ['dispute', 0.3],
  ['greeting', 0.55],
  ['faq', 0.75],
  ['status', 0.9],
  ['none', 1],
];

export const CASE_CREATING: ReadonlySet<MessageKind> = new Set(['room_clue', 'dispute']);

const CLUE_OPENINGS = [
  '@检网 举报：小区门口有人聚众赌博',
  '@检网 反映：有人在河道偷倒建筑垃圾',
  '@检网 线索：楼下店铺向未成年人卖烟酒',
  '@检网 举报：有人冒充客服诈骗老人',
  '@检网 反映：工地夜间违规施工噪音扰民',
  '@检网 线索：菜市场出售过期食品',
];
const DISPUTE_OPENINGS = [
  '邻居装修漏水到我家，协商不成',
  '房东不退押金，已经拖了两个月',
  '老板拖欠工资三个月，要求讨薪',
  '楼上养狗深夜吵闹，沟通无果',
  '物业乱收停车费，业主有意见',
];
const GREETINGS = ['你好', '您好，请问怎么用', '在吗', '早上好', 'hello'];
const FAQS = ['被拖欠工资怎么办？', '什么是司法救助？', '被电信诈骗了怎么办？'];
const NOISE = ['哈哈', '好的', '嗯嗯', '[表情]', '收到了谢谢'];
// Varied filler so two reports rarely look alike to duplicate detection, as real reports rarely do.
const FILLER =
  '东西南北前后左右上下大小新旧红黄蓝绿白黑早晚春夏秋冬山水田木金土月日星云风雨雪花草树林江河湖海桥路街巷门窗楼房车船';

function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

/**
 * A deterministic generator of unique inbound messages. `prefix` keeps message ids unique across runs and
 * processes; `residents` is the number of distinct private contacts.
 */
export function createMessageMix(
  fixture: MixFixture,
  options: { prefix: string; seed?: number; residents?: number },
) {
  const random = rng(options.seed ?? 7);
  const residents = options.residents ?? 2000;
  const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)]!;
  const filler = (n: number) =>
    Array.from({ length: n }, () => FILLER[Math.floor(random() * FILLER.length)]).join('');
  let serial = 0;

  return {
    next(): { kind: MessageKind; body: InboundMessage } {
      serial++;
      const r = random();
      const kind = MIX.find(([, upTo]) => r < upTo)![0];
      const resident = Math.floor(random() * residents);
      const base = {
        messageId: `${options.prefix}-${serial}`,
        from: { id: `wxid_bench_${resident}`, name: `居民${resident}` },
        type: 'text' as const,
        receivedAt: new Date().toISOString(),
      };
      switch (kind) {
        case 'room_clue': {
          const text = `${pick(CLUE_OPENINGS)}，${filler(24)}，门牌${Math.floor(random() * 900) + 100}号`;
          return {
            kind,
            body: { ...base, room: pick(fixture.rooms), text },
          };
        }
        case 'dispute': {
          const place = pick(fixture.places);
          const text = `我住${place}，${pick(DISPUTE_OPENINGS)}，${filler(20)}`;
          return {
            kind,
            body: { ...base, text },
          };
        }
        case 'greeting': {
          const text = pick(GREETINGS);
          return { kind, body: { ...base, text } };
        }
        case 'faq': {
          const question = pick(FAQS);
          return {
            kind,
            body: { ...base, text: question },
          };
        }
        case 'status': {
          const text = '我反映的事情办得怎么样了';
          return { kind, body: { ...base, text } };
        }
        default: {
          const text = pick(NOISE);
          return { kind, body: { ...base, text } };
        }
      }
    },
  };
}
