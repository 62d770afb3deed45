// The GraphQL-subset parser (alchemi/bridge/graphql.mjs).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { GraphQLSyntaxError, IntegerLiteral, parseQuery } from '../../../alchemi/bridge/graphql.mjs';

test('parses the shape prisma-client-py renders', () => {
  const source = `mutation {
  result: createOneTeam
  (
    data: {
      alias: "a\\"b"
      models: [
        "x",
        "y"
      ]
      metadata: "{\\"k\\": [1, null]}"
      spend: -1.5e3
      blocked: false
      max_budget: null
    }
  )
  {
    id
    members(
      where: {
        role: "ADMIN"
      }
    )
    {
      id
    }
    organization {
      name
    }
  }
}`;
  const { operation, field } = parseQuery(source);
  assert.equal(operation, 'mutation');
  assert.equal(field.alias, 'result');
  assert.equal(field.name, 'createOneTeam');
  assert.deepEqual(field.args.data, {
    alias: 'a"b', models: ['x', 'y'], metadata: '{"k": [1, null]}', spend: -1500, blocked: false, max_budget: null,
  });
  assert.deepEqual(field.selection.map((f) => f.name), ['id', 'members', 'organization']);
  assert.deepEqual(field.selection[1].args, { where: { role: 'ADMIN' } });
  assert.deepEqual(field.selection[1].selection, [{ alias: null, name: 'id', args: null, selection: null }]);
  assert.equal(field.selection[2].args, null);
});

test('keeps integers beyond 2^53 exact', () => {
  const { field } = parseQuery('query { result: findManyTeam(where: {tpm_limit: 1152921504606846977, n: 9007199254740991}) { id } }');
  const big = field.args.where.tpm_limit;
  assert.ok(big instanceof IntegerLiteral);
  assert.equal(big.text, '1152921504606846977');
  assert.equal(JSON.stringify(big), '1152921504606847000');
  assert.equal(field.args.where.n, 9007199254740991);
});

test('strings: escapes and non-ASCII as json.dumps(ensure_ascii=False) writes them', () => {
  const { field } = parseQuery('query { result: findManyTeam(where: {alias: "żółw 🐢 \\u00e9 \\\\ \\n \\t"}) { id } }');
  assert.equal(field.args.where.alias, 'żółw 🐢 é \\ \n \t');
});

test('raw queries have no selection', () => {
  const { field } = parseQuery('mutation { result: queryRaw(query: "SELECT $1", parameters: "[\\"a\\"]") }');
  assert.equal(field.name, 'queryRaw');
  assert.equal(field.selection, null);
  assert.deepEqual(field.args, { query: 'SELECT $1', parameters: '["a"]' });
});

test('bare enum names are strings', () => {
  const { field } = parseQuery('query { result: findManyMember(where: {role: ADMIN}) { id } }');
  assert.equal(field.args.where.role, 'ADMIN');
});

for (const bad of [
  '',
  'query',
  'query {',
  'query { result: findManyTeam { id }',
  'query { result: findManyTeam { id } } extra',
  'subscription { result: findManyTeam { id } }',
  'query { result: findManyTeam(where: {alias: $v}) { id } }',
  'query { result: findManyTeam(where: {alias: }) { id } }',
  'query { result: findManyTeam(where: {alias: "unterminated}) { id } }',
  'query { result: findManyTeam(take: -Infinity) { id } }',
  'query { a: x { id } b: y { id } }',
  'query { result: findManyTeam(where: {__proto__: {polluted: true}}) { id } }',
]) {
  test(`rejects ${JSON.stringify(bad)}`, () => {
    assert.throws(() => parseQuery(bad), GraphQLSyntaxError);
  });
}
