// Remembers, in memory and bounded, each simulated chat since start: what people said and what the bot said.
export interface SimInboxEntry {
  seq: number;
  /** `in`: a simulated person said it to the bot; `out`: the bot said it (a reply or a later push). */
  direction: 'in' | 'out';
  /** The person who said an `in` message. */
  from?: { id: string; name: string };
  /** Contact id for a private chat, room id for a group chat. */
  conversationId: string;
  /** Present when the message was said in a room. */
  roomId?: string;
  /** The contact addressed in a private chat. */
  contactId?: string;
  text: string;
  at: string;
}

export interface SimInbox {
  add(entry: Omit<SimInboxEntry, 'seq' | 'at'>): SimInboxEntry;
  since(conversationId: string, afterSeq: number): SimInboxEntry[];
  lastSeq(): number;
}

export function createSimInbox(
  options: { perConversation?: number; conversations?: number; now?: () => Date } = {},
): SimInbox {
  const perConversation = options.perConversation ?? 200;
  const maxConversations = options.conversations ?? 1_000;
  const now = options.now ?? (() => new Date());
  const byConversation = new Map<string, SimInboxEntry[]>();
  let seq = 0;

  return {
    add(entry) {
      const stored: SimInboxEntry = { ...entry, seq: ++seq, at: now().toISOString() };
      const list = byConversation.get(entry.conversationId) ?? [];
      // Re-inserting keeps the map ordered by last activity, so the idle chats are dropped first.
      byConversation.delete(entry.conversationId);
      byConversation.set(entry.conversationId, list);
      list.push(stored);
      if (list.length > perConversation) list.splice(0, list.length - perConversation);
      if (byConversation.size > maxConversations) {
        const idlest = byConversation.keys().next().value;
        if (idlest !== undefined) byConversation.delete(idlest);
      }
      return stored;
    },
    since(conversationId, afterSeq) {
      return (byConversation.get(conversationId) ?? []).filter((entry) => entry.seq > afterSeq);
    },
    lastSeq: () => seq,
  };
}
