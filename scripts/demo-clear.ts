// npm run demo:clear — removes the demo cases (GL-<year>-900001…) from the configured database, or through the running server that holds the embedded one.
import { systemClock } from '../api/clock.js';
import { loadConfig } from '../api/config/config.js';
import { recordAudit } from '../api/registry/registry-audit.js';
import { clearDemoCases } from '../db/seed/demo-cases.js';
import { cliErrorMessage, openCliData } from './cli/cli-data.js';

async function main(): Promise<void> {
  const config = loadConfig();
  const data = await openCliData(config, 'npm run demo:clear', { viaServer: true });
  if (data.kind === 'server') {
    process.stderr.write(`demo:clear: through the running server at ${data.apiUrl}\n`);
    const response = await fetch(`${data.apiUrl}/v1/demo/cases`, {
      method: 'DELETE',
      headers: { authorization: `Bearer ${data.adminToken}` },
    });
    const body = (await response.json()) as { removed?: number; message?: string };
    if (!response.ok) throw new Error(`the server answered ${response.status}: ${body.message ?? ''}`);
    process.stdout.write(`demo cases removed: ${body.removed}\n`);
    return;
  }
  try {
    const result = await clearDemoCases(data.database.db);
    await recordAudit(data.database.db, {
      at: systemClock.now(),
      actor: 'cli:demo-clear',
      action: 'demo_cases_cleared',
      subject: 'demo',
      data: result,
    });
    process.stdout.write(`demo cases removed: ${result.removed}\n`);
  } finally {
    await data.database.close();
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`demo:clear: ${cliErrorMessage(error)}\n`);
  process.exit(1);
});
