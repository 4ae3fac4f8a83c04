// Picks the WeChat puppet: wechaty-puppet-service with a token (real WeChat), the mock otherwise.
import { mock, PuppetMock } from 'wechaty-puppet-mock';
import { PuppetService } from 'wechaty-puppet-service';

export interface PuppetEnv {
  puppetServiceToken?: string;
  puppetServiceEndpoint?: string;
  puppetServiceNoTls?: boolean;
  /** Display name of the mocked bot account (what residents @-mention in simulated rooms). */
  botName?: string;
}

export type CreatedPuppet =
  | { kind: 'service'; puppet: GatewayPuppetService; mocker?: undefined }
  | { kind: 'mock'; puppet: PuppetMock; mocker: mock.Mocker; botUserId: string };

export const MOCK_BOT_USER = { id: 'jianwang-bot', name: '检网' } as const;

/**
 * The mock puppet sends to a room only when its id contains '@' (as real WeChat room ids do). The simulator
 * keeps room ids exactly as typed, so that `PUT /v1/rooms/:roomId` binds the room `/sim/say` speaks in;
 * this puppet therefore looks the id up among the mocked rooms first.
 */
export class SimPuppetMock extends PuppetMock {
  /**
   * In the simulated WeChat every id is reachable, as a registered prosecutor's is in real WeChat: an id the
   * mocker has not met yet (a push to `demo-prosecutor-08` before that id ever chatted) becomes a contact
   * named after its id, instead of failing the send with "contact not found".
   */
  override async contactRawPayload(id: string) {
    try {
      return await super.contactRawPayload(id);
    } catch (error) {
      if (!id || id === this.currentUserId || /@chatroom$/.test(id)) throw error;
      this.mocker.createContact({ id, name: id, friend: true });
      return super.contactRawPayload(id);
    }
  }

  protected override async _messageSend(
    conversationId: string,
    something: Parameters<PuppetMock['messageSendText']>[1],
  ) {
    if (/@/.test(conversationId) || !this.isLoggedIn) return super._messageSend(conversationId, something);
    let room: ReturnType<mock.Mocker['RoomMock']['load']> | undefined;
    try {
      room = this.mocker.RoomMock.load(conversationId);
    } catch {
      return super._messageSend(conversationId, something);
    }
    this.mocker.ContactMock.load(this.currentUserId).say(something).to(room);
  }
}

/**
 * wechaty-puppet-service told which gateway to use before each start. Left to itself it resolves a token through
 * its `wechaty://` gRPC resolver, which calls a listener method newer @grpc/grpc-js no longer has (the process
 * dies with "this.listener.onError is not a function") and prints raw stack traces; the bot's connection looks
 * the token up itself (bot/connection/gateway-endpoint.ts) and hands the puppet a plain host:port.
 */
export class GatewayPuppetService extends PuppetService {
  useEndpoint(endpoint: string): void {
    this.options = { ...this.options, endpoint };
  }
}

export function createPuppet(env: PuppetEnv): CreatedPuppet {
  const token = env.puppetServiceToken?.trim();
  if (token) {
    // Constructing does not connect; the gRPC link opens when Wechaty starts the puppet.
    const puppet = new GatewayPuppetService({
      token,
      ...(env.puppetServiceEndpoint ? { endpoint: env.puppetServiceEndpoint } : {}),
      ...(env.puppetServiceNoTls ? { tls: { disable: true } } : {}),
    });
    return { kind: 'service', puppet };
  }
  const mocker = new mock.Mocker();
  const botUser = mocker.createContact({ id: MOCK_BOT_USER.id, name: env.botName || MOCK_BOT_USER.name });
  // The mocker runs its environments once the puppet has started; logging in there means the bot
  // is logged in right after start, like an already-scanned real account.
  mocker.use(() => {
    mocker.login(botUser);
    return () => undefined;
  });
  const puppet = new SimPuppetMock({ mocker });
  return { kind: 'mock', puppet, mocker, botUserId: botUser.id };
}
