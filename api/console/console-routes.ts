// Serves the office console's built assets at /console; any other /console/… path is the app (client-side routes).
import { stat } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance, FastifyReply } from 'fastify';

/** Where `npm run build:console` (and npm start) put the bundle. */
export const DEFAULT_CONSOLE_DIST = fileURLToPath(new URL('../../console/dist', import.meta.url));

const NOT_BUILT = `<!doctype html><html lang="zh-CN"><meta charset="utf-8"><title>检网控制台</title>
<body><h1>控制台尚未构建</h1><p>请运行 <code>npm start</code>（启动前会自动构建）或 <code>npm run build:console</code>。</p>
<p>The console has not been built: run <code>npm start</code> or <code>npm run build:console</code>.</p></body></html>`;

async function isFile(file: string): Promise<boolean> {
  return stat(file).then(
    (s) => s.isFile(),
    () => false,
  );
}

export async function consoleRoutes(app: FastifyInstance, opts: { distDir: string }): Promise<void> {
  const root = path.resolve(opts.distDir);
  await app.register(fastifyStatic, { root, serve: false });

  const sendApp = async (reply: FastifyReply) => {
    if (!(await isFile(path.join(root, 'index.html'))))
      return reply.code(503).type('text/html; charset=utf-8').send(NOT_BUILT);
    // The page names hashed bundles: it must be revalidated, or a browser keeps yesterday's bundle names.
    return reply.header('cache-control', 'no-cache').sendFile('index.html', root, { cacheControl: false });
  };

  app.get('/console', { schema: { hide: true } }, async (_request, reply) => reply.redirect('/console/'));
  app.get<{ Params: { '*': string } }>('/console/*', { schema: { hide: true } }, async (request, reply) => {
    const rel = request.params['*'];
    if (rel.startsWith('assets/')) {
      const file = path.resolve(root, rel);
      if (!file.startsWith(`${root}${path.sep}`) || !(await isFile(file)))
        return reply.code(404).send({ error: { code: 'not_found', message: 'no such console asset' } });
      // Vite puts a content hash in every asset name: a name never changes meaning.
      return reply.sendFile(rel, root, { maxAge: '365d', immutable: true });
    }
    return sendApp(reply);
  });
}
