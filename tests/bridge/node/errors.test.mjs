// Native error shapes (alchemi/bridge/errors.mjs).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ConnectionFailure, nativeConnectorError, resolveExternalErrors, transactionErrorStatus } from '../../../alchemi/bridge/errors.mjs';

const db = { host: 'db.local', port: 5433, user: 'app', database: 'main', connectionLimit: 5, poolTimeout: 10, socketTimeout: 3 };
const jsError = (message, props = {}) => Object.assign(new Error(message), props);

test('connection failures map to the native engine codes', () => {
  const code = (error) => nativeConnectorError(error, db)?.code;
  assert.equal(code(jsError('connect ECONNREFUSED 1.2.3.4:5433', { code: 'ECONNREFUSED' })), 'P1001');
  assert.equal(code(jsError('getaddrinfo ENOTFOUND db.local', { code: 'ENOTFOUND' })), 'P1001');
  assert.equal(code(jsError('Connection terminated due to connection timeout')), 'P1001');
  assert.equal(code(jsError('timeout exceeded when trying to connect')), 'P2024');
  assert.equal(code(jsError('Connection terminated unexpectedly')), 'P1017');
  assert.equal(code(jsError('Query read timeout')), 'P1008');
  assert.equal(code(jsError('The server does not support SSL connections')), 'P1011');
  assert.equal(code(new ConnectionFailure(jsError('password authentication failed', { code: '28P01', severity: 'FATAL' }))), 'P1000');
  assert.equal(code(new ConnectionFailure(jsError('database "x" does not exist', { code: '3D000', severity: 'FATAL' }))), 'P1003');
  assert.equal(code(new ConnectionFailure(jsError('sorry, too many clients already', { code: '53300', severity: 'FATAL' }))), 'P2037');
  assert.equal(code(new ConnectionFailure(jsError('terminating connection due to administrator command', { code: '57P01', severity: 'FATAL' }))), 'P1017');
  assert.equal(code(jsError('something else')), undefined);
});

test('messages are the native ones', () => {
  assert.equal(nativeConnectorError(jsError('x', { code: 'ECONNREFUSED' }), db).message,
    "Can't reach database server at `db.local`:`5433`\n\nPlease make sure your database server is running at `db.local`:`5433`.");
  assert.deepEqual(nativeConnectorError(jsError('timeout exceeded when trying to connect'), db), {
    code: 'P2024',
    message: 'Timed out fetching a new connection from the connection pool. More info: http://pris.ly/d/connection-pool (Current connection pool timeout: 10, connection limit: 5)',
    meta: { connection_limit: 5, timeout: 10 },
  });
});

test('P2036 external-connector errors are resolved through the registry', () => {
  const registry = new Map([[0, jsError('connect ECONNREFUSED', { code: 'ECONNREFUSED' })], [1, jsError('weird')]]);
  const take = (id) => {
    const error = registry.get(id);
    registry.delete(id);
    return error;
  };
  const external = (id) => ({ error: 'x', user_facing_error: { is_panic: false, message: `Error in external connector (id ${id})`, meta: { id }, error_code: 'P2036' } });
  const response = resolveExternalErrors({ errors: [external(0)] }, take, db);
  assert.equal(response.errors[0].user_facing_error.error_code, 'P1001');
  assert.equal(registry.has(0), false);
  const unknown = resolveExternalErrors({ batchResult: [{ errors: [external(1)] }] }, take, db);
  assert.equal(unknown.batchResult[0].errors[0].user_facing_error.error_code, undefined);
  assert.match(unknown.batchResult[0].errors[0].user_facing_error.message, /weird/);
  const bare = resolveExternalErrors(external(7).user_facing_error, take, db);
  assert.match(bare.message, /unknown error/);
  const other = { errors: [{ error: 'dup', user_facing_error: { error_code: 'P2002' } }] };
  assert.deepEqual(resolveExternalErrors(structuredClone(other), take, db), other);
});

test('transaction error statuses', () => {
  const p2028 = (message) => ({ error_code: 'P2028', message: `Transaction API error: ${message}` });
  assert.equal(transactionErrorStatus(p2028('Transaction not found. ...')), 404);
  assert.equal(transactionErrorStatus(p2028('Transaction already closed: ...')), 400);
  assert.equal(transactionErrorStatus(p2028('Unable to start a transaction in the given time.')), 504);
  assert.equal(transactionErrorStatus({ error_code: 'P1001', message: 'x' }), 500);
});
