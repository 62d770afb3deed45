// Errors shaped as the native engine shapes them, so that prisma-client-py raises the
// exception it would raise with the native engine (prisma/engine/utils.py maps
// `user_facing_error.error_code`: P2002 -> UniqueViolationError, P2025 -> RecordNotFoundError,
// ...; an error without a code becomes a plain DataError).
//
// Most errors come out of the wasm engine already in that shape. The exception is a failure
// inside the driver adapter that is not a PostgreSQL error (the server is unreachable, the pool
// timed out, the connection dropped): the engine only reports "P2036 Error in external
// connector (id N)" and keeps the JS error in the adapter's error registry. The native engine
// reports those as P1001, P2024, P1017, ...; `resolveExternalErrors` does the same.

/** One entry of a response's `errors` list, for an error with a Prisma error code. */
export function knownError(code, message, meta = {}) {
  return { error: message, user_facing_error: { is_panic: false, message, meta, error_code: code } };
}

/** One entry of a response's `errors` list, for an error without a code (a DataError). */
export function unknownError(message) {
  return { error: message, user_facing_error: { is_panic: false, message, backtrace: null } };
}

/** One entry of a response's `errors` list, for a panic of the engine (it has been restarted). */
export function panicError(message) {
  return { error: message, user_facing_error: { is_panic: true, message, backtrace: null } };
}

/** A call on an engine instance that panicked while the call was in flight. */
export class EnginePanic extends Error {
  constructor(cause) {
    super(`query engine panicked: ${cause?.message ?? cause}`);
    this.name = 'EnginePanic';
  }
}

/** Error raised for a FATAL PostgreSQL error, so that the adapter treats it as a connection failure. */
export class ConnectionFailure extends Error {
  constructor(pgError) {
    super(pgError.message);
    this.name = 'ConnectionFailure';
    this.pgError = pgError;
  }
}

const UNREACHABLE_CODES = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH', 'ETIMEDOUT', 'ENOENT']);

/**
 * The native engine's error for a JS error from the driver adapter or pg, as
 * `{ code, message, meta }`; `db` describes the connection (see connection.mjs).
 */
export function nativeConnectorError(error, db) {
  const host = db.host;
  const port = db.port;
  const pgError = error instanceof ConnectionFailure ? error.pgError : error;
  switch (pgError?.code) {
    case '28000':
    case '28P01':
      return {
        code: 'P1000',
        message: `Authentication failed against database server at \`${host}\`, the provided database credentials for \`${db.user}\` are not valid.\n\nPlease make sure to provide valid database credentials for the database server at \`${host}\`.`,
        meta: { database_user: db.user, database_host: host },
      };
    case '3D000':
      return {
        code: 'P1003',
        message: `Database \`${db.database}\` does not exist on the database server at \`${host}:${port}\`.`,
        meta: { database_name: db.database, database_host: host, database_port: port },
      };
    case '53300':
      return { code: 'P2037', message: `Too many database connections opened: ${pgError.message}`, meta: { message: pgError.message } };
  }
  const text = String(error?.message ?? error);
  if (UNREACHABLE_CODES.has(error?.code) || text.includes('due to connection timeout') || pgError?.code === '57P03') {
    return {
      code: 'P1001',
      message: `Can't reach database server at \`${host}\`:\`${port}\`\n\nPlease make sure your database server is running at \`${host}\`:\`${port}\`.`,
      meta: { database_host: host, database_port: port },
    };
  }
  if (/\bSSL\b|\bTLS\b|certificate/i.test(text) && !(error instanceof ConnectionFailure)) {
    return { code: 'P1011', message: `Error opening a TLS connection: ${text}`, meta: { message: text } };
  }
  if (text.includes('timeout exceeded when trying to connect')) {
    return {
      code: 'P2024',
      message: `Timed out fetching a new connection from the connection pool. More info: http://pris.ly/d/connection-pool (Current connection pool timeout: ${db.poolTimeout}, connection limit: ${db.connectionLimit})`,
      meta: { connection_limit: db.connectionLimit, timeout: db.poolTimeout },
    };
  }
  if (text === 'Query read timeout') {
    return { code: 'P1008', message: `Operations timed out after \`${db.socketTimeout}s\`. Context: The database failed to respond to a query within the configured timeout.`, meta: { time: `${db.socketTimeout}s`, context: 'socket_timeout' } };
  }
  if (error instanceof ConnectionFailure || /Connection terminated|not queryable|ECONNRESET|EPIPE/.test(`${text} ${error?.code}`)) {
    return { code: 'P1017', message: 'Server has closed the connection.', meta: {} };
  }
  return null;
}

/**
 * Replace, in an engine response (single, batch, or the bare error object the transaction
 * calls return), every P2036 "external connector" error by the native engine's error for
 * the JS error it refers to. `takeError(id)` removes that error from the adapter's registry.
 */
export function resolveExternalErrors(response, takeError, db) {
  const resolve = (userFacing) => {
    if (userFacing?.error_code !== 'P2036' || typeof userFacing.meta?.id !== 'number') return null;
    const jsError = takeError(userFacing.meta.id);
    const native = jsError === undefined ? null : nativeConnectorError(jsError, db);
    if (native) return knownError(native.code, native.message, native.meta);
    return unknownError(`Error in the database driver: ${jsError?.message ?? jsError ?? 'unknown error'}`);
  };
  const fixList = (errors) => errors.map((e) => resolve(e.user_facing_error) ?? e);

  if (Array.isArray(response.errors)) response.errors = fixList(response.errors);
  if (Array.isArray(response.batchResult)) {
    for (const entry of response.batchResult) if (Array.isArray(entry.errors)) entry.errors = fixList(entry.errors);
  }
  if (response.error_code === 'P2036') {
    const fixed = resolve(response);
    return fixed ? fixed.user_facing_error : response;
  }
  return response;
}

/**
 * HTTP status the native engine answers a failed transaction call with (its
 * `err_to_http_resp`); the body is the user-facing error object itself.
 */
export function transactionErrorStatus(userFacing) {
  const message = String(userFacing?.message ?? '');
  if (userFacing?.error_code !== 'P2028') return 500;
  if (message.includes('Transaction not found')) return 404;
  if (message.includes('Transaction already closed')) return 400;
  if (message.includes('Unable to start a transaction in the given time')) return 504;
  return 500;
}
