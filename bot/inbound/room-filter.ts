// Decides which group-chat messages are meant for the bot: an @-mention or a known leading keyword.
export const ROOM_PREFIXES = [
  '线索',
  '反映',
  '举报',
  '求助',
  '咨询',
  '绑定网格',
  '订阅普法',
  '退订普法',
] as const;

export function startsWithRoomPrefix(text: string): boolean {
  const trimmed = text.trimStart();
  return ROOM_PREFIXES.some((prefix) => trimmed.startsWith(prefix));
}

/**
 * Group members who just addressed the bot: a photo or file they send next (it cannot carry an @-mention) is
 * passed on too, and the API files it with their report. Anything else sent in a group stays unread.
 * Remembered in memory only: after a restart a member addresses the bot again.
 */
export function createRecentSpeakers(options: { windowMs: number; now: () => Date; max?: number }) {
  const max = options.max ?? 10_000;
  const lastSpoke = new Map<string, number>();
  const key = (roomId: string, talkerId: string) => `${roomId}\u0000${talkerId}`;
  return {
    noteAddressed(roomId: string, talkerId: string): void {
      const k = key(roomId, talkerId);
      lastSpoke.delete(k);
      lastSpoke.set(k, options.now().getTime());
      // Oldest first in insertion order: drop the longest silent when full.
      if (lastSpoke.size > max) {
        const oldest = lastSpoke.keys().next().value;
        if (oldest !== undefined) lastSpoke.delete(oldest);
      }
    },
    addressedRecently(roomId: string, talkerId: string): boolean {
      const at = lastSpoke.get(key(roomId, talkerId));
      return at !== undefined && options.now().getTime() - at <= options.windowMs;
    },
  };
}
