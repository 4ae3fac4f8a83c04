// Why the database could not be opened, in one line naming the server and database (never the password), with what to check.

/** Opening the database failed for a reason the operator must fix; `message` is the whole explanation. */
export class DatabaseOpenError extends Error {
  override name = 'DatabaseOpenError';
}

/** Host, port, database and user of a postgres:// URL; the password is left out on purpose. */
export function describeDatabaseUrl(url: string): {
  host: string;
  port: string;
  database: string;
  user: string;
} {
  const parsed = new URL(url);
  return {
    host: parsed.hostname || 'localhost',
    port: parsed.port || '5432',
    database:
      decodeURIComponent(parsed.pathname.replace(/^\//, '')) ||
      decodeURIComponent(parsed.username) ||
      'postgres',
    user: decodeURIComponent(parsed.username) || 'postgres',
  };
}

interface ErrorShape {
  code?: unknown;
  message?: unknown;
  cause?: unknown;
  errors?: unknown;
}

/** drizzle wraps a failing statement ("Failed query: …") around the driver's error; the driver's is the one that says why. */
function rootCause(error: unknown): ErrorShape {
  let current = error as ErrorShape;
  for (let depth = 0; depth < 5; depth++) {
    const next = current?.cause as ErrorShape | undefined;
    if (!next || typeof next !== 'object') break;
    current = next;
  }
  // Node reports a host with several addresses that all refused as an AggregateError of them.
  if (Array.isArray(current?.errors) && current.errors[0]) return current.errors[0] as ErrorShape;
  return current ?? {};
}

/** One line: what is wrong with the PostgreSQL in `url`, and what to check. */
export function explainPostgresError(error: unknown, url: string): string {
  const { host, port, database, user } = describeDatabaseUrl(url);
  const where = `PostgreSQL at ${host}:${port}`;
  const cause = rootCause(error);
  const code = typeof cause.code === 'string' ? cause.code : '';
  const detail = typeof cause.message === 'string' ? cause.message.split('\n')[0] : String(error);
  switch (code) {
    case 'ECONNREFUSED':
      return `cannot reach ${where} (connection refused): is the server running, and are the host and port in DATABASE_URL right?`;
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return `cannot find the database host ${host} (DNS lookup failed): check the host in DATABASE_URL and the network`;
    case 'ETIMEDOUT':
    case 'CONNECT_TIMEOUT':
    case 'EHOSTUNREACH':
    case 'ENETUNREACH':
      return `cannot reach ${where} (no answer): check the host and port in DATABASE_URL, the network and any firewall`;
    case 'ECONNRESET':
    case 'CONNECTION_CLOSED':
    case 'CONNECTION_ENDED':
      return `${where} closed the connection: check that host:port is PostgreSQL and whether it requires TLS (add ?sslmode=require to DATABASE_URL)`;
    case '3D000':
      return `database "${database}" does not exist on ${where}: create it (createdb -h ${host} -p ${port} ${database}) or correct the database name in DATABASE_URL`;
    case '28P01':
      return `${where} refused the password for user "${user}" (database "${database}"): check the password in DATABASE_URL`;
    case '28000':
      return `${where} refused user "${user}" for database "${database}" (${detail}): check the user in DATABASE_URL and the server's pg_hba.conf`;
    case '42501':
      return `user "${user}" may not set up database "${database}" on ${where} (${detail}): grant it CREATE on the database or use its owner`;
    case '53300':
      return `${where} has no free connections for database "${database}": raise max_connections or stop idle clients`;
    case '57P03':
      return `${where} is starting up or shutting down: try again shortly`;
    default:
      return `cannot open database "${database}" on ${where}: ${detail}${code ? ` (${code})` : ''}`;
  }
}

/** One line for an embedded PGlite directory that cannot be opened. */
export function explainPgliteError(error: unknown, dir: string): string {
  const cause = rootCause(error);
  const code = typeof cause.code === 'string' ? cause.code : '';
  const detail = typeof cause.message === 'string' ? cause.message.split('\n')[0] : String(error);
  if (code === 'EACCES' || code === 'EPERM')
    return `cannot open the embedded database in ${dir}: permission denied; check DATA_DIR and its owner`;
  if (code === 'ENOSPC') return `cannot open the embedded database in ${dir}: the disk is full`;
  if (code === 'ENOTDIR' || code === 'EEXIST')
    return `cannot open the embedded database in ${dir}: a file is in the way; check DATA_DIR`;
  return `cannot open the embedded database in ${dir}: ${detail}${code ? ` (${code})` : ''}; if it was copied or damaged, restore it from a backup`;
}
