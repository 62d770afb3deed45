// Datasource URL handling (alchemi/bridge/connection.mjs, datamodel.mjs).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { connectionConfig, resolveDatasourceUrl, searchPathStatement } from '../../../alchemi/bridge/connection.mjs';
import { parseDatamodel } from '../../../alchemi/bridge/datamodel.mjs';

test('the URL comes from OVERWRITE_DATASOURCES, else the schema (env() or literal)', () => {
  const fromEnv = parseDatamodel('datasource client {\n  provider = "postgresql"\n  url = env("DATABASE_URL")\n}');
  assert.equal(resolveDatasourceUrl(fromEnv, { DATABASE_URL: 'postgresql://a' }), 'postgresql://a');
  assert.equal(resolveDatasourceUrl(fromEnv, { DATABASE_URL: 'postgresql://a', OVERWRITE_DATASOURCES: '[{"name":"client","url":"postgresql://b"}]' }), 'postgresql://b');
  assert.throws(() => resolveDatasourceUrl(fromEnv, {}), /DATABASE_URL/);
  const literal = parseDatamodel('datasource db {\n  provider = "postgresql"\n  url = "postgresql://lit"\n}');
  assert.equal(resolveDatasourceUrl(literal, {}), 'postgresql://lit');
});

test("Prisma's URL arguments", () => {
  const { pool, schema, setSearchPath, db } = connectionConfig(
    'postgresql://us%40er:p%3Ass@db.example:6543/my%20db?schema=tenant&connection_limit=3&pool_timeout=7&socket_timeout=2&application_name=app&options=-c%20x%3D1');
  assert.deepEqual(
    { host: pool.host, port: pool.port, user: pool.user, password: pool.password, database: pool.database, max: pool.max,
      connectionTimeoutMillis: pool.connectionTimeoutMillis, query_timeout: pool.query_timeout,
      application_name: pool.application_name, options: pool.options, ssl: pool.ssl },
    { host: 'db.example', port: 6543, user: 'us@er', password: 'p:ss', database: 'my db', max: 3,
      connectionTimeoutMillis: 7000, query_timeout: 2000, application_name: 'app', options: '-c x=1', ssl: undefined });
  assert.equal(schema, 'tenant');
  assert.equal(setSearchPath, true);
  assert.deepEqual(db, { host: 'db.example', port: 6543, user: 'us@er', database: 'my db', connectionLimit: 3, poolTimeout: 7, socketTimeout: 2 });
});

test('defaults, sockets, IPv6, pgbouncer', () => {
  const plain = connectionConfig('postgres://u@h/d');
  assert.equal(plain.pool.port, 5432);
  assert.equal(plain.pool.connectionTimeoutMillis, 10000);
  assert.ok(plain.pool.max >= 3);
  assert.equal(plain.schema, undefined);
  assert.equal(plain.setSearchPath, false);
  assert.equal(connectionConfig('postgres://u@/d?host=%2Fsocket%2Fdir').pool.host, '/socket/dir');
  assert.equal(connectionConfig('postgresql://u@localhost/d?host=/socket/dir').pool.host, '/socket/dir');
  assert.equal(connectionConfig('postgresql://u@[::1]:5433/d').pool.host, '::1');
  assert.equal(connectionConfig('postgresql://u@h/d?schema=s&pgbouncer=true').setSearchPath, false);
  assert.equal(connectionConfig('postgresql://u@h/d?connect_timeout=3').pool.connectionTimeoutMillis, 3000);
  assert.equal(connectionConfig('postgresql://u@h/d?pool_timeout=0').pool.connectionTimeoutMillis, 0);
  assert.equal(connectionConfig('postgresql://u@h').pool.database, 'u');
  assert.throws(() => connectionConfig('mysql://u@h/d'), /postgresql:\/\//);
});

test('sslmode', () => {
  assert.equal(connectionConfig('postgresql://u@h/d?sslmode=disable').pool.ssl, undefined);
  assert.equal(connectionConfig('postgresql://u@h/d?sslmode=prefer').pool.ssl, undefined);
  assert.deepEqual(connectionConfig('postgresql://u@h/d?sslmode=require').pool.ssl, { rejectUnauthorized: false });
  assert.deepEqual(connectionConfig('postgresql://u@h/d?sslmode=require&sslaccept=strict').pool.ssl, { rejectUnauthorized: true });
  assert.deepEqual(connectionConfig('postgresql://u@h/d?sslmode=verify-full').pool.ssl, { rejectUnauthorized: true });
});

test('search_path statement quotes the schema', () => {
  assert.equal(searchPathStatement('Tenant "One"'), 'SET search_path = "Tenant ""One"""');
});

test('datamodel: fields, kinds, lists, comments and strings with braces', () => {
  const { models, enums } = parseDatamodel(`
    // a comment with model Fake { x Int }
    enum Role { ADMIN  MEMBER }
    model A {
      id    String @id @default("{}") // brace in a string
      b     B?     @relation(fields: [bId], references: [id])
      bId   String?
      roles Role[]
      tags  String[]
      meta  Json   @default("{\\"a\\": \\"}\\"}")
      @@unique([id, bId])
    }
    model B {
      id String @id
      as A[]
    }`);
  assert.deepEqual([...enums], ['Role']);
  assert.deepEqual([...models.keys()], ['A', 'B']);
  const a = models.get('A').fields;
  assert.deepEqual([...a.keys()], ['id', 'b', 'bId', 'roles', 'tags', 'meta']);
  assert.deepEqual(a.get('b'), { name: 'b', type: 'B', kind: 'object', isList: false });
  assert.deepEqual(a.get('roles'), { name: 'roles', type: 'Role', kind: 'enum', isList: true });
  assert.equal(models.get('B').fields.get('as').isList, true);
});
