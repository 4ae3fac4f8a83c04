// npm run build:console (and npm start's prestart): builds console/dist; with --if-stale only when sources changed.
import { consoleBuildIsCurrent, ensureConsoleBuilt } from './console/console-build.js';

async function main(): Promise<void> {
  const ifStale = process.argv.includes('--if-stale');
  if (ifStale && (await consoleBuildIsCurrent())) return;
  const started = Date.now();
  process.stderr.write('building the console (console/dist)…\n');
  if (!ifStale) {
    const { buildConsole } = await import('./console/console-build.js');
    await buildConsole();
  } else await ensureConsoleBuilt();
  process.stderr.write(`console built in ${((Date.now() - started) / 1000).toFixed(1)} s\n`);
}

main().catch((error: unknown) => {
  process.stderr.write(`console build failed: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
