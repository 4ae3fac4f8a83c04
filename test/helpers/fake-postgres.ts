// A loopback server speaking just enough of the PostgreSQL protocol to ask for a password and refuse it (28P01), as a server with password auth does.
import { createServer, type Server } from 'node:net';

export interface FakePostgres {
  port: number;
  close(): Promise<void>;
}

function message(type: string, body: Buffer): Buffer {
  const header = Buffer.alloc(5);
  header.write(type, 0, 'latin1');
  header.writeInt32BE(body.length + 4, 1);
  return Buffer.concat([header, body]);
}

function errorResponse(fields: Record<string, string>): Buffer {
  const parts = Object.entries(fields).map(([k, v]) => Buffer.from(`${k}${v}\0`, 'utf8'));
  return message('E', Buffer.concat([...parts, Buffer.from([0])]));
}

export async function startPasswordRefusingPostgres(): Promise<FakePostgres> {
  const server: Server = createServer((socket) => {
    let stage: 'startup' | 'password' = 'startup';
    socket.on('data', (data) => {
      // SSLRequest (length 8, code 80877103): answer "no TLS" and wait for the plain startup message.
      if (stage === 'startup' && data.length >= 8 && data.readInt32BE(4) === 80877103) {
        socket.write('N');
        return;
      }
      if (stage === 'startup') {
        stage = 'password';
        const cleartext = Buffer.alloc(4);
        cleartext.writeInt32BE(3);
        socket.write(message('R', cleartext));
        return;
      }
      socket.end(
        errorResponse({
          S: 'FATAL',
          V: 'FATAL',
          C: '28P01',
          M: 'password authentication failed for user "jianwang"',
        }),
      );
    });
    socket.on('error', () => undefined);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return { port, close: () => new Promise((resolve) => server.close(() => resolve())) };
}
