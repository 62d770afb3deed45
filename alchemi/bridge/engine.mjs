// The query engine: @prisma/query-engine-wasm (PostgreSQL build) running over
// @prisma/adapter-pg and a node-postgres pool.

import fs from 'node:fs';
import { createRequire } from 'node:module';
import pg from 'pg';
import { PrismaPg } from '@prisma/adapter-pg';
import { bindAdapter } from '@prisma/driver-adapter-utils';
import * as wasmBindings from '@prisma/query-engine-wasm/postgresql/query_engine_bg.js';
import { searchPathStatement } from './connection.mjs';
import { ConnectionFailure } from './errors.mjs';
import { declareColumnTypes, withOverriddenParsers } from './pg-types.mjs';

let wasmLoaded = false;

async function loadWasm() {
  if (wasmLoaded) return;
  const file = createRequire(import.meta.url).resolve('@prisma/query-engine-wasm/postgresql/query_engine_bg.wasm');
  const module = await WebAssembly.compile(fs.readFileSync(file));
  const instance = await WebAssembly.instantiate(module, { './query_engine_bg.js': wasmBindings });
  wasmBindings.__wbg_set_wasm(instance.exports);
  wasmLoaded = true;
}

/**
 * Make every query of the adapter (and of its transactions, which share the class) go
 * through the pg-types.mjs fixes, count it, and turn FATAL PostgreSQL errors (bad password,
 * unknown database, server shutting down) into connection failures: the adapter would pass
 * them to the engine as query errors, where the native engine reports them as P1000, P1003...
 */
function patchAdapter(stats) {
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

/**
 * Start the engine for `datamodel` (schema text) on a pool built from `connection`
 * (connection.mjs). Returns `{ engine, pool, takeAdapterError }`; `takeAdapterError(id)`
 * removes and returns a JS error the engine referred to as "external connector (id N)".
 */
export async function startEngine({ datamodel, connection, logLevel, logQueries, onLog, stats }) {
  await loadWasm();
  patchAdapter(stats);

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

  const adapter = bindAdapter(new PrismaPg(pool, connection.schema ? { schema: connection.schema } : undefined));
  const engine = new wasmBindings.QueryEngine(
    { datamodel, logLevel, logQueries },
    (line) => onLog('engine', line),
    adapter,
  );
  await engine.connect('{}');

  const registry = adapter.errorRegistry;
  const takeAdapterError = (id) => {
    const record = registry.registeredErrors[id];
    registry.registeredErrors[id] = undefined; // the registry never frees slots by itself
    return record?.error;
  };
  return { engine, pool, takeAdapterError };
}
