// The database connection: which URL (as the native engine chooses it) and how Prisma's
// connection-URL arguments map onto a node-postgres pool.
//
// Prisma's PostgreSQL URL arguments handled here:
//   connection_limit  pool size (default: CPUs * 2 + 1, as Prisma)
//   pool_timeout      seconds to wait for a pooled connection (default 10, 0 = forever);
//                     node-postgres applies the same limit to opening a connection
//   connect_timeout   used instead when pool_timeout is absent
//   socket_timeout    seconds before a query is abandoned client-side
//   schema            tables live in this schema; also the search_path for raw SQL
//   sslmode           disable | prefer (default) | require | verify-ca | verify-full
//   sslaccept         strict | accept_invalid_certs (default) with sslmode=require
//   sslcert           CA certificate file, relative to the schema file
//   host              Unix socket directory (postgresql://user@localhost/db?host=/path/to/socket/dir)
//   application_name, options   passed to the server
//   pgbouncer         true: do not touch session state (no SET search_path)
// Not supported: sslidentity/sslpassword (client certificates), statement_cache_size
// (node-postgres has no statement cache to size). `prefer` does not attempt TLS: node-postgres
// cannot fall back to plain text the way libpq does, so use sslmode=require for TLS.

import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/** The datasource URL the native engine would use: OVERWRITE_DATASOURCES, else the schema's. */
export function resolveDatasourceUrl(datamodel, env) {
  if (env.OVERWRITE_DATASOURCES) {
    const overrides = JSON.parse(env.OVERWRITE_DATASOURCES);
    const url = Array.isArray(overrides) ? overrides[0]?.url : null;
    if (url) return url;
  }
  const [datasource] = datamodel.datasources;
  if (!datasource) throw new Error('the Prisma schema has no datasource block');
  if (datasource.url) return datasource.url;
  const url = env[datasource.urlEnv];
  if (!url) throw new Error(`environment variable not found: ${datasource.urlEnv}`);
  return url;
}

// postgresql://user:password@host:port/database?args; the host may be empty or [IPv6].
const URL_PATTERN = /^(postgres(?:ql)?):\/\/(?:([^@/?#]*)@)?([^/?#]*)(?:\/([^?#]*))?(?:\?([^#]*))?/;

/**
 * Parse a Prisma PostgreSQL URL into `{ pool, schema, setSearchPath, db }`: node-postgres pool
 * options, the schema for the adapter, and a description of the connection for messages.
 */
export function connectionConfig(url, { schemaDir = process.cwd() } = {}) {
  const m = URL_PATTERN.exec(url);
  if (!m) throw new Error('the datasource URL must start with postgresql:// or postgres://');
  const [, , userinfo = '', hostport, dbPath = '', query = ''] = m;
  const args = Object.fromEntries(new URLSearchParams(query));
  const [userPart, ...passwordParts] = userinfo.split(':');
  const user = decodeURIComponent(userPart);
  const password = passwordParts.length ? decodeURIComponent(passwordParts.join(':')) : undefined;
  const hostMatch = /^(\[[^\]]*\]|[^:]*)(?::(\d+))?$/.exec(hostport);
  const urlHost = decodeURIComponent(hostMatch?.[1] ?? '').replace(/^\[(.*)\]$/, '$1');
  const host = args.host || urlHost || 'localhost';
  const port = Number(args.port || hostMatch?.[2] || 5432);
  const database = decodeURIComponent(dbPath) || user;

  const seconds = (value, fallback) => (value === undefined || value === '' ? fallback : Number(value));
  const connectionLimit = Number(args.connection_limit) || (os.availableParallelism?.() ?? os.cpus().length) * 2 + 1;
  const poolTimeout = seconds(args.pool_timeout, seconds(args.connect_timeout, 10));
  const socketTimeout = seconds(args.socket_timeout, 0);

  const pool = {
    host,
    port,
    user: user || undefined,
    password,
    database,
    max: connectionLimit,
    connectionTimeoutMillis: poolTimeout * 1000,
    idleTimeoutMillis: 300_000,
    keepAlive: true,
    ...(socketTimeout > 0 ? { query_timeout: socketTimeout * 1000 } : {}),
    ...(args.application_name ? { application_name: args.application_name } : {}),
    ...(args.options ? { options: args.options } : {}),
    ...sslOptions(args, schemaDir),
  };
  return {
    pool,
    schema: args.schema || undefined,
    setSearchPath: Boolean(args.schema) && args.pgbouncer !== 'true',
    db: { host, port, user, database, connectionLimit, poolTimeout, socketTimeout },
  };
}

function sslOptions(args, schemaDir) {
  const mode = args.sslmode || 'prefer';
  if (mode === 'disable' || mode === 'prefer' || mode === 'allow') return {};
  const verify = mode === 'verify-ca' || mode === 'verify-full' || args.sslaccept === 'strict';
  const ssl = { rejectUnauthorized: verify };
  if (args.sslcert) ssl.ca = fs.readFileSync(path.resolve(schemaDir, args.sslcert));
  if (mode === 'verify-ca') ssl.checkServerIdentity = () => undefined;
  return { ssl };
}

/** `SET search_path` statement for a schema name (quoted as an identifier). */
export function searchPathStatement(schema) {
  return `SET search_path = "${schema.replaceAll('"', '""')}"`;
}
