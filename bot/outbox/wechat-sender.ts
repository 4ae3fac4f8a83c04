// Sends a text to a WeChat contact or room by id through the running Wechaty instance.
import type { Wechaty } from 'wechaty';

export interface ChatTarget {
  kind: 'contact' | 'room';
  id: string;
}

export type SendText = (to: ChatTarget, text: string) => Promise<void>;

export function createWechatSender(wechaty: Wechaty): SendText {
  return async (to, text) => {
    if (to.kind === 'room') {
      const room = await wechaty.Room.find({ id: to.id });
      if (!room) throw new Error(`room ${to.id} not found`);
      await room.say(text);
      return;
    }
    const contact = await wechaty.Contact.find({ id: to.id });
    if (!contact) throw new Error(`contact ${to.id} not found`);
    await contact.say(text);
  };
}

/** One key per chat for the pacer, so a contact and a room never share a per-chat gap by accident. */
export function chatKey(to: ChatTarget): string {
  return `${to.kind}:${to.id}`;
}
