// GraphQL -> JSON protocol translation (alchemi/bridge/translate.mjs).
import assert from 'node:assert/strict';
import fs from 'node:fs';
import { test } from 'node:test';
import { parseDatamodel } from '../../../alchemi/bridge/datamodel.mjs';
import { InvalidJsonError, TranslationError, createTranslator, encodeScalar } from '../../../alchemi/bridge/translate.mjs';

const schema = fs.readFileSync(new URL('../schema.prisma', import.meta.url), 'utf8');
const { translate } = createTranslator(parseDatamodel(schema));
const request = (graphql) => translate(graphql).request;

test('root field names map to model and action', () => {
  const cases = {
    findUniqueTeam: ['Team', 'findUnique'], findUniqueTeamOrThrow: ['Team', 'findUniqueOrThrow'],
    findFirstMemberOrThrow: ['Member', 'findFirstOrThrow'], findManyEvent: ['Event', 'findMany'],
    createOneTeam: ['Team', 'createOne'], createManyTeam: ['Team', 'createMany'], updateOneTeam: ['Team', 'updateOne'],
    updateManyTeam: ['Team', 'updateMany'], upsertOneTeam: ['Team', 'upsertOne'], deleteOneTeam: ['Team', 'deleteOne'],
    deleteManyTeam: ['Team', 'deleteMany'], aggregateTeam: ['Team', 'aggregate'], groupByTeam: ['Team', 'groupBy'],
  };
  for (const [root, [modelName, action]] of Object.entries(cases)) {
    assert.deepEqual(request(`query { result: ${root} { id } }`), {
      modelName, action, query: { arguments: {}, selection: { id: true } },
    });
  }
  assert.throws(() => request('query { result: findAllTeam { id } }'), TranslationError);
  assert.throws(() => request('query { result: findManyNobody { id } }'), TranslationError);
  assert.throws(() => request('query { result: createOneTeamOrThrow { id } }'), TranslationError);
});

test('typed values are wrapped by field type, in data, filters and nested writes', () => {
  const r = request(`mutation { result: createOneTeam(data: {
    alias: "a", spend: 1.5, tpm_limit: 9223372036854775807, metadata: "{\\"k\\":1}",
    budget_reset_at: "2024-01-01T00:00:00+00:00",
    members: { create: [{ email: "e", balance: "12.50", avatar: "AAE=", last_seen: "2024-02-02T00:00:00Z" }] },
    events: { create: { kind: "k", sequence: 1, data: "[1]" } }
  }) { id } }`);
  assert.deepEqual(r.query.arguments.data, {
    alias: 'a', spend: 1.5,
    tpm_limit: { $type: 'BigInt', value: '9223372036854775807' },
    metadata: { $type: 'Json', value: '{"k":1}' },
    budget_reset_at: { $type: 'DateTime', value: '2024-01-01T00:00:00+00:00' },
    members: { create: [{ email: 'e', balance: { $type: 'Decimal', value: '12.50' }, avatar: { $type: 'Bytes', value: 'AAE=' },
      last_seen: { $type: 'DateTime', value: '2024-02-02T00:00:00Z' } }] },
    events: { create: { kind: 'k', sequence: 1, data: { $type: 'Json', value: '[1]' } } },
  });
});

test('a field named `data` is a field, the argument named `data` is an argument', () => {
  const r = request('mutation { result: updateOneEvent(where: {id: 1}, data: {data: "{\\"a\\":1}", kind: "x"}) { id data } }');
  assert.deepEqual(r.query.arguments, { where: { id: 1 }, data: { data: { $type: 'Json', value: '{"a":1}' }, kind: 'x' } });
  assert.deepEqual(r.query.selection, { id: true, data: true });
});

test('filters: operators, logical combinators, relations, compound keys', () => {
  const r = request(`query { result: findManyTeam(where: {
    AND: [{ tpm_limit: { gt: 5, in: [1, 2] } }, { NOT: { budget_reset_at: { lt: "2025-01-01T00:00:00+00:00" } } }],
    OR: [{ metadata: { path: ["a", "b"], equals: "\\"x\\"" } }, { metadata: { path: ["c"], string_contains: "y" } }],
    members: { some: { balance: { not: { gte: "1.5" } }, team: { is: { alias: { contains: "A", mode: "insensitive" } } } } },
    organization: { name: "acme" },
    models: { hasSome: ["m"], isEmpty: false }
  }, cursor: { id: "c" }, take: 2, orderBy: [{ spend: "desc" }]) { id } }`);
  const where = r.query.arguments.where;
  assert.deepEqual(where.AND, [
    { tpm_limit: { gt: { $type: 'BigInt', value: '5' }, in: [{ $type: 'BigInt', value: '1' }, { $type: 'BigInt', value: '2' }] } },
    { NOT: { budget_reset_at: { lt: { $type: 'DateTime', value: '2025-01-01T00:00:00+00:00' } } } },
  ]);
  assert.deepEqual(where.OR, [
    { metadata: { path: ['a', 'b'], equals: { $type: 'Json', value: '"x"' } } },
    { metadata: { path: ['c'], string_contains: 'y' } },
  ]);
  assert.deepEqual(where.members, { some: {
    balance: { not: { gte: { $type: 'Decimal', value: '1.5' } } },
    team: { is: { alias: { contains: 'A', mode: 'insensitive' } } },
  } });
  assert.deepEqual(where.organization, { name: 'acme' });
  assert.deepEqual(where.models, { hasSome: ['m'], isEmpty: false });
  assert.deepEqual(r.query.arguments.cursor, { id: 'c' });
  assert.equal(r.query.arguments.take, 2);

  const compound = request('query { result: findUniqueMembership(where: {user_email_team_id: {user_email: "u", team_id: "t"}}) { spend } }');
  assert.deepEqual(compound.query.arguments.where, { user_email_team_id: { user_email: 'u', team_id: 't' } });
});

test('update operations and nested writes', () => {
  const r = request(`mutation { result: updateOneTeam(where: {id: "t"}, data: {
    tpm_limit: { increment: 1 }, spend: { multiply: 2 }, models: { push: ["a"] },
    organization: { connect_or_create: { where: { name: "o" }, create: { name: "o" } } },
    members: { updateMany: { where: { balance: { gt: "1" } }, data: { balance: { set: "2" } } },
               upsert: [{ where: { id: "m" }, create: { email: "e", last_seen: "2024-01-01T00:00:00Z" }, update: { score: 1 } }],
               deleteMany: [{ last_seen: null }] },
    events: { update: { where: { id: 1 }, data: { data: "null" } } }
  }) { id } }`);
  const data = r.query.arguments.data;
  assert.deepEqual(data.tpm_limit, { increment: { $type: 'BigInt', value: '1' } });
  assert.deepEqual(data.spend, { multiply: 2 });
  assert.deepEqual(data.models, { push: ['a'] });
  assert.deepEqual(data.organization, { connect_or_create: { where: { name: 'o' }, create: { name: 'o' } } });
  assert.deepEqual(data.members.updateMany, {
    where: { balance: { gt: { $type: 'Decimal', value: '1' } } }, data: { balance: { set: { $type: 'Decimal', value: '2' } } },
  });
  assert.deepEqual(data.members.upsert, [{
    where: { id: 'm' }, create: { email: 'e', last_seen: { $type: 'DateTime', value: '2024-01-01T00:00:00Z' } }, update: { score: 1 },
  }]);
  assert.deepEqual(data.members.deleteMany, [{ last_seen: null }]);
  assert.deepEqual(data.events.update, { where: { id: 1 }, data: { data: { $type: 'Json', value: 'null' } } });

  const toOne = request('mutation { result: updateOneMember(where: {id: "m"}, data: {team: {update: {spend: 1, metadata: "{}"}}}) { id } }');
  assert.deepEqual(toOne.query.arguments.data.team, { update: { spend: 1, metadata: { $type: 'Json', value: '{}' } } });
});

test('selection: relations with arguments, aggregates', () => {
  const r = request(`query { result: findManyTeam {
    id
    members(where: { last_seen: { gt: "2024-01-01T00:00:00Z" } }, take: 1) { id team { alias } }
    organization { name }
  } }`);
  assert.deepEqual(r.query.selection, {
    id: true,
    members: {
      arguments: { where: { last_seen: { gt: { $type: 'DateTime', value: '2024-01-01T00:00:00Z' } } }, take: 1 },
      selection: { id: true, team: { selection: { alias: true } } },
    },
    organization: { selection: { name: true } },
  });
  const g = request(`query { result: groupByTeam(by: ["blocked"], having: {tpm_limit: {_sum: {gt: 5}, _count: {gt: 1}}}, orderBy: [{_sum: {spend: "desc"}}]) {
    blocked _sum { spend tpm_limit } _count { _all } } }`);
  assert.deepEqual(g.query.arguments.having, {
    tpm_limit: { _sum: { gt: { $type: 'BigInt', value: '5' } }, _count: { gt: 1 } },
  });
  assert.deepEqual(g.query.selection, {
    blocked: true, _sum: { selection: { spend: true, tpm_limit: true } }, _count: { selection: { _all: true } },
  });
});

test('raw queries pass through, with parameters defaulted', () => {
  assert.deepEqual(translate('mutation { result: queryRaw(query: "SELECT $1", parameters: "[1]") }'), {
    raw: true, request: { action: 'queryRaw', query: { arguments: { query: 'SELECT $1', parameters: '[1]' }, selection: {} } },
  });
  assert.deepEqual(request('mutation { result: executeRaw(query: "SELECT 1") }').query.arguments,
    { parameters: '[]', query: 'SELECT 1' });
});

test('invalid JSON for a Json value is a validation error, not sent to the engine', () => {
  assert.throws(() => request('mutation { result: createOneTeam(data: {alias: "a", metadata: "{bad"}) { id } }'),
    (error) => error instanceof InvalidJsonError && error.code === 'P2009' && error.meta.kind === 'InvalidArgumentValue');
  assert.throws(() => request('query { result: findManyTeam(where: {metadata: {equals: "nope"}}) { id } }'), InvalidJsonError);
});

test('encodeScalar', () => {
  assert.deepEqual(encodeScalar('BigInt', 5), { $type: 'BigInt', value: '5' });
  assert.deepEqual(encodeScalar('Decimal', 0.1), { $type: 'Decimal', value: '0.1' });
  assert.deepEqual(encodeScalar('DateTime', ['a', null]), [{ $type: 'DateTime', value: 'a' }, null]);
  assert.equal(encodeScalar('String', 'x'), 'x');
  assert.equal(encodeScalar('Int', 3), 3);
  assert.equal(encodeScalar('Json', null), null);
  assert.equal(encodeScalar('Json', 5), 5);
});

test("LiteLLM's own schema translates (WorkflowEvent.data, compound ids)", { skip: !process.env.LITELLM_SCHEMA }, () => {
  const litellm = createTranslator(parseDatamodel(fs.readFileSync(process.env.LITELLM_SCHEMA, 'utf8')));
  const r = litellm.translate('mutation { result: createOneLiteLLM_WorkflowEvent(data: {run_id: "r", event_type: "e", step_name: "s", data: "{\\"x\\":1}", sequence_number: 1}) { event_id } }').request;
  assert.equal(r.modelName, 'LiteLLM_WorkflowEvent');
  assert.deepEqual(r.query.arguments.data.data, { $type: 'Json', value: '{"x":1}' });
  assert.equal(r.query.arguments.data.run_id, 'r');
  const t = litellm.translate('query { result: findUniqueLiteLLM_TeamMembershipOrThrow(where: {user_id_team_id: {user_id: "u", team_id: "t"}}) { spend } }').request;
  assert.equal(t.action, 'findUniqueOrThrow');
  const v = litellm.translate('mutation { result: updateOneLiteLLM_VerificationToken(where: {token: "t"}, data: {spend: {increment: 0.5}, metadata: "{}", expires: "2030-01-01T00:00:00+00:00"}) { token } }').request;
  assert.deepEqual(v.query.arguments.data.metadata, { $type: 'Json', value: '{}' });
  assert.deepEqual(v.query.arguments.data.expires, { $type: 'DateTime', value: '2030-01-01T00:00:00+00:00' });
});
