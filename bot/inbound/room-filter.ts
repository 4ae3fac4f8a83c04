// Decides which group-chat messages are meant for the bot: an @-mention or a known leading keyword.
export const ROOM_PREFIXES = ['线索', '反映', '举报', '求助', '咨询', '绑定网格'] as const;

export function startsWithRoomPrefix(text: string): boolean {
  const trimmed = text.trimStart();
  return ROOM_PREFIXES.some((prefix) => trimmed.startsWith(prefix));
}
