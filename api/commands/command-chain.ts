// Private-chat commands by the sender's registry role: the first handler of that role that knows the text answers.
import type { Db } from '../../db/create-db.js';
import type { PersonRole } from '../../db/schema/index.js';
import type { CommandContext, CommandHandler } from '../messages/message-service.js';

export interface RoleCommands {
  roles: readonly PersonRole[];
  handler: CommandHandler;
}

export function chainCommands(entries: readonly RoleCommands[]): CommandHandler {
  type Reply = Awaited<ReturnType<CommandHandler['handle']>>;
  return {
    async handle(tx: Db, ctx: CommandContext) {
      for (const { roles, handler } of entries) {
        if (!roles.includes(ctx.person.role)) continue;
        const reply: Reply = await handler.handle(tx, ctx);
        if (reply !== null) return reply;
      }
      return null;
    },
  };
}
