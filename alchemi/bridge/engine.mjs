// The query engine: @prisma/query-engine-wasm (PostgreSQL build) running over
// @prisma/adapter-pg and a node-postgres pool, restarted in place if it panics.
//
// A Rust panic inside the wasm engine is a trap ("RuntimeError: unreachable"); the instance is
// unusable afterwards and the calls in flight on it never settle. The bridge avoids the
// requests known to cause one (see translate.mjs and transactions.mjs); for any other, the
// host answers the calls in flight with a panic error, releases the database connections of
// the transactions that instance had open (which rolls them back), and starts a fresh
// instance, so one bad request does not take the whole service down.

import fs from 'node:fs';
import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';
import pg from 'pg';
import { PrismaPg } from '@prisma/adapter-pg';
import { bindAdapter } from '@prisma/driver-adapter-utils';
import { searchPathStatement } from './connection.mjs';
import { ConnectionFailure, EnginePanic } from './errors.mjs';
import { declareColumnTypes, withOverriddenParsers } from './pg-types.mjs';

const require = createRequire(import.meta.url);
const GLUE_URL = pathToFileURL(require.resolve('@prisma/query-engine-wasm/postgresql/query_engine_bg.js')).href;
const WASM_FILE = require.resolve('@prisma/query-engine-wasm/postgresql/query_engine_bg.wasm');
// More restarts than this means something is systematically wrong: exit and let it be seen
// (prisma-client-py's next connect starts a fresh process).
const MAX_RESTARTS = 5;

// Which engine instance an error was thrown in, from its stack (the glue's URL carries it).
function instanceOf(error) {
  const m = /query_engine_bg\.js\?instance=(\d+)/.exec(String(error?.stack ?? ''));
  return m ? Number(m[1]) : null;
}

/**
 * Make every query of the adapter (and of its transactions, which share the class) go
 * through the pg-types.mjs fixes, count it, and turn FATAL PostgreSQL errors (bad password,
 * unknown database, server shutting down) into connection failures: the adapter would pass
 * them to the engine as query errors, where the native engine reports them as P1000, P1003...
 */
function patchAdapterClass(stats) {
  const queryable = Object.getPrototypeOf(PrismaPg.prototype);
  if (queryable.bridgePatched) return;
  const performIO = queryable.performIO;
  queryable.performIO = async function performIOWithFixes(query) {
    const client = this.client;
    const shim = Object.create(this);
    shim.client = {
      query: async (config, values) => {
        stats.datasourceQueries += 1;
        try {
          return declareColumnTypes(await client.query(withOverriddenParsers(config), values));
        } catch (error) {
          if (error?.severity === 'FATAL' || error?.severity === 'PANIC') throw new ConnectionFailure(error);
          throw error;
        }
      },
    };
    return performIO.call(shim, query);
  };
  queryable.bridgePatched = true;
}

// An adapter that remembers the pooled connections of its open transactions. While a
// transaction holds one, pg-pool no longer listens for its errors; one arriving between two
// queries (the server ended the session) would otherwise be an uncaught exception.
function trackedAdapter(pool, schema, onLog) {
  const adapter = new PrismaPg(pool, schema ? { schema } : undefined);
  const openConnections = new Set();
  const onError = (error) => onLog('warn', `a transaction's database connection failed: ${error.message}`);
  const startTransaction = adapter.startTransaction.bind(adapter);
  adapter.startTransaction = async () => {
    const result = await startTransaction();
    if (result.ok) {
      const tx = result.value;
      openConnections.add(tx.client);
      tx.client.on('error', onError);
      for (const end of ['commit', 'rollback']) {
        const call = tx[end].bind(tx);
        tx[end] = async () => {
          openConnections.delete(tx.client);
          tx.client.removeListener('error', onError);
          return call();
        };
      }
    }
    return result;
  };
  return { adapter, openConnections };
}

/**
 * Start the engine for `datamodel` (schema text) on a pool built from `connection`
 * (connection.mjs). The returned host has the engine's methods (query, startTransaction,
 * commitTransaction, rollbackTransaction), `takeAdapterError(id)` (removes and returns the JS
 * error the engine called "external connector (id N)"), `pool`, `handleUncaught(error)` and
 * `stop()`.
 */
export async function startEngine({ datamodel, connection, logLevel, logQueries, onLog, stats }) {
  patchAdapterClass(stats);
  const wasmModule = await WebAssembly.compile(fs.readFileSync(WASM_FILE));

  const pool = new pg.Pool(connection.pool);
  // An idle pooled connection that dies (server restart) emits 'error' on the pool; without a
  // listener that would end the process. The next query simply opens a new connection.
  pool.on('error', (error) => onLog('warn', `idle database connection closed: ${error.message}`));
  pool.on('connect', () => {
    stats.connectionsOpened += 1;
  });
  if (connection.setSearchPath) {
    // As the native engine does, so that raw SQL finds the schema's tables unqualified.
    const statement = searchPathStatement(connection.schema);
    pool.on('connect', (client) => client.query(statement).catch(() => {}));
  }

  let generation = 0;
  async function createInstance() {
    generation += 1;
    // A fresh copy of the wasm-bindgen glue: it keeps per-instance state at module level.
    const glue = await import(`${GLUE_URL}?instance=${generation}`);
    glue.__wbg_set_wasm((await WebAssembly.instantiate(wasmModule, { './query_engine_bg.js': glue })).exports);
    const { adapter, openConnections } = trackedAdapter(pool, connection.schema, onLog);
    const bound = bindAdapter(adapter);
    const engine = new glue.QueryEngine({ datamodel, logLevel, logQueries }, (line) => onLog('engine', line), bound);
    await engine.connect('{}');
    let kill;
    const dead = new Promise((_, reject) => {
      kill = reject;
    });
    dead.catch(() => {});
    return { generation, engine, glue, registry: bound.errorRegistry, openConnections, dead, kill, alive: true };
  }

  let current = await createInstance();
  let ready = Promise.resolve();
  let restarts = 0;

  const call = async (method, ...args) => {
    await ready;
    const instance = current;
    try {
      return await Promise.race([instance.engine[method](...args), instance.dead]);
    } catch (error) {
      if (error instanceof WebAssembly.RuntimeError) trapped(instance, error);
      if (error instanceof WebAssembly.RuntimeError || !instance.alive) throw new EnginePanic(error);
      throw error;
    }
  };

  // `instance` trapped: fail its calls in flight and replace it.
  function trapped(instance, error) {
    if (!instance.alive) return;
    instance.alive = false;
    instance.kill(new EnginePanic(error));
    for (const client of instance.openConnections) {
      try {
        client.release(new Error('query engine restarted')); // destroys it; the server rolls back
      } catch {
        // already released
      }
    }
    // Free the dead instance's memory; its leftover callbacks now throw, and are ignored
    // (see `handleUncaught`).
    instance.glue.__wbg_set_wasm(undefined);
    restarts += 1;
    onLog('error', `query engine panicked (${error?.message ?? error}); restarting it (${restarts})`);
    if (restarts > MAX_RESTARTS) {
      onLog('error', 'query engine keeps panicking; exiting');
      process.exit(1);
    }
    ready = createInstance().then((fresh) => {
      current = fresh;
    });
    ready.catch((e) => {
      onLog('error', `cannot restart the query engine: ${e?.message ?? e}`);
      process.exit(1);
    });
  }

  const host = {
    pool,
    query: (body, trace, txId) => call('query', body, trace, txId),
    startTransaction: (input, trace) => call('startTransaction', input, trace),
    commitTransaction: (id, trace) => call('commitTransaction', id, trace),
    rollbackTransaction: (id, trace) => call('rollbackTransaction', id, trace),
    takeAdapterError(id) {
      const registry = current.registry;
      const record = registry.registeredErrors[id];
      registry.registeredErrors[id] = undefined; // the registry never frees slots by itself
      return record?.error;
    },
    /**
     * An uncaught exception or rejection: handle it if it comes from an engine instance (a
     * trap of the current one, or anything from a dead one) and return whether it did.
     */
    handleUncaught(error) {
      const generation = instanceOf(error);
      if (generation !== null && generation !== current.generation) return true; // a dead instance
      if (!(error instanceof WebAssembly.RuntimeError)) return false;
      trapped(current, error);
      return true;
    },
    /**
     * Make the engine trap on purpose, to test the restart path (see server.mjs): it traps on
     * a transaction id it never issued.
     */
    debugPanic: () => call('commitTransaction', 'debug-panic', '{}'),
    async stop() {
      if (current.alive) await current.engine.disconnect('{}');
      await pool.end();
    },
  };
  return host;
}
