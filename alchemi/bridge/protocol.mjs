// The HTTP protocol of Prisma's native query engine (5.17) as prisma-client-py uses it
// (prisma/engine/_query.py, _http.py):
//
//   GET  /status                          {"status":"ok"} once the engine is ready
//   POST /                                {"query": "<graphql>", "variables": {}}
//                                         or {"batch": [{"query": ...}, ...], "transaction": true}
//                                         header X-transaction-id: run inside that transaction
//   POST /transaction/start               {"timeout": ms, "max_wait": ms} -> {"id": "..."}
//   POST /transaction/<id>/commit         {} on success
//   POST /transaction/<id>/rollback
//   GET  /metrics?format=json|prometheus  body: optional global labels
//
// Query errors answer 200 with {"errors": [...]} (prisma-client-py raises from the error
// codes); a body that is not JSON answers 422; failed transaction calls answer the native
// engine's status with the bare user-facing error object.

import { EnginePanic, knownError, panicError, resolveExternalErrors, transactionErrorStatus, unknownError } from './errors.mjs';
import { recordQuery, renderMetrics } from './metrics.mjs';
import { rawResponseText, toNativeBatchResponse, toNativeResponse } from './results.mjs';
import { TRANSACTION_NOT_FOUND, transactionNotFound } from './transactions.mjs';

const json = (status, body) => ({ status, contentType: 'application/json', body: JSON.stringify(body) });
const notJson = (message) =>
  json(422, { is_panic: false, message: `Error parsing the request body as JSON: ${message}`, backtrace: null });

function parseBody(text) {
  try {
    return { value: text ? JSON.parse(text) : {} };
  } catch (error) {
    return { error: error.message };
  }
}

/**
 * Request handler over a started engine (engine.mjs). `handle({ method, path, search,
 * headers, body })` resolves to `{ status, contentType, body }` and never rejects. With
 * `debugRoutes`, POST /debug/panic makes the engine panic (tests of the restart path).
 */
export function createProtocol({ engine, translator, transactions, db, stats, log, debugRoutes = false }) {
  const resolveErrors = (response) => resolveExternalErrors(response, (id) => engine.takeAdapterError(id), db);
  const panicked = (error) => json(500, panicError(error.message).user_facing_error);

  // POST /
  async function query(body, txId) {
    const parsed = parseBody(body);
    if (parsed.error) return notJson(parsed.error);
    const input = parsed.value;
    if (txId !== undefined && !transactions.isKnown(txId)) {
      const error = transactionNotFound();
      return json(200, { errors: [{ error: TRANSACTION_NOT_FOUND, user_facing_error: error }] });
    }

    let request;
    let kinds;
    try {
      if (Array.isArray(input?.batch)) {
        const translated = input.batch.map((entry) => translator.translate(requireQuery(entry)));
        kinds = translated.map(({ raw }) => ({ raw }));
        const transaction = input.transaction ? (typeof input.transaction === 'object' ? input.transaction : {}) : undefined;
        request = { batch: translated.map((t) => t.request), transaction };
      } else {
        const translated = translator.translate(requireQuery(input));
        kinds = { raw: translated.raw };
        request = translated.request;
      }
    } catch (error) {
      const entry = error.code ? knownError(error.code, error.message, error.meta) : unknownError(error.message);
      return json(200, { errors: [entry] });
    }

    const started = performance.now();
    stats.activeQueries += 1;
    try {
      const text = await engine.query(JSON.stringify(request), '{}', txId);
      const raw = kinds.raw ? rawResponseText(text) : null;
      if (raw !== null) return { status: 200, contentType: 'application/json', body: raw };
      const response = resolveErrors(JSON.parse(text));
      return json(200, Array.isArray(kinds) ? toNativeBatchResponse(response, kinds) : toNativeResponse(response, kinds));
    } catch (error) {
      if (error instanceof EnginePanic) return json(200, { errors: [panicError(error.message)] });
      // The engine rejects (rather than answers) requests it cannot deserialize.
      return json(200, { errors: [unknownError(String(error?.message ?? error))] });
    } finally {
      stats.activeQueries -= 1;
      recordQuery(stats, performance.now() - started);
    }
  }

  // POST /transaction/start
  async function startTransaction(body) {
    const parsed = parseBody(body);
    if (parsed.error) return notJson(parsed.error);
    const options = parsed.value ?? {};
    let result;
    try {
      result = JSON.parse(await engine.startTransaction(JSON.stringify(options), '{}'));
    } catch (error) {
      if (error instanceof EnginePanic) return panicked(error);
      return json(400, { is_panic: false, message: `Invalid transaction options: ${error.message}`, backtrace: null });
    }
    if (typeof result.id === 'string') {
      transactions.issued(result.id, options.timeout);
      return json(200, { id: result.id });
    }
    const error = resolveErrors(result);
    return json(transactionErrorStatus(error), error);
  }

  // POST /transaction/<id>/commit | rollback
  async function endTransaction(id, action) {
    if (!transactions.isKnown(id)) return json(404, transactionNotFound());
    let result;
    try {
      const text = action === 'commit' ? await engine.commitTransaction(id, '{}') : await engine.rollbackTransaction(id, '{}');
      result = JSON.parse(text || '{}');
    } catch (error) {
      if (error instanceof EnginePanic) return panicked(error);
      throw error;
    }
    if (!result.error_code) return json(200, {});
    const error = resolveErrors(result);
    return json(transactionErrorStatus(error), error);
  }

  async function route({ method, path, search, headers, body }) {
    if (method === 'GET' && path === '/status') return json(200, { status: 'ok' });
    if (method === 'POST' && path === '/') return query(body, headers['x-transaction-id']);
    if (method === 'POST' && path === '/transaction/start') return startTransaction(body);
    const tx = /^\/transaction\/([^/]+)\/(commit|rollback)$/.exec(path);
    if (method === 'POST' && tx) return endTransaction(decodeURIComponent(tx[1]), tx[2]);
    if (method === 'GET' && path === '/metrics') {
      const format = new URLSearchParams(search).get('format') === 'json' ? 'json' : 'prometheus';
      const labels = parseBody(body);
      const globalLabels = labels.value && typeof labels.value === 'object' ? labels.value : {};
      const [contentType, text] = renderMetrics(stats, engine.pool, { format, globalLabels });
      return { status: 200, contentType, body: text };
    }
    if (debugRoutes && method === 'POST' && path === '/debug/panic') {
      try {
        await engine.debugPanic();
      } catch (error) {
        return panicked(error);
      }
    }
    return json(404, { is_panic: false, message: `Not found: ${method} ${path}`, backtrace: null });
  }

  return {
    async handle(request) {
      try {
        return await route(request);
      } catch (error) {
        log('error', `request ${request.method} ${request.path} failed: ${error?.stack ?? error}`);
        return json(500, { is_panic: false, message: String(error?.message ?? error), backtrace: null });
      }
    },
  };
}

function requireQuery(entry) {
  if (typeof entry?.query !== 'string') throw new Error('Invalid request: expected a "query" string');
  return entry.query;
}
