// prisma-client-py's GraphQL requests -> Prisma's JSON protocol, which is all the wasm engine
// accepts. The shape maps one to one:
//
//   query { result: findUniqueUser(where: {id: "1"}) { id posts(take: 1) { id } } }
//   -> { modelName: "User", action: "findUnique",
//        query: { arguments: { where: { id: "1" } },
//                 selection: { id: true, posts: { arguments: { take: 1 }, selection: { id: true } } } } }
//
// The one real difference is typed values. In GraphQL every Json, DateTime, BigInt, Decimal
// and Bytes value arrives as a string (or number) and the engine reads it by the field's type.
// The JSON protocol instead expects `{ "$type": "Json", "value": "..." }` etc.; a bare string
// in a Json position is taken as a JSON *string* value, not parsed. So the arguments are
// walked with the schema in hand and every value in a position of one of those five types is
// wrapped, exactly as Prisma's own JS client does.

import { IntegerLiteral, parseQuery } from './graphql.mjs';

const TYPED_SCALARS = new Set(['Json', 'DateTime', 'BigInt', 'Decimal', 'Bytes']);

// Root fields are `<action><Model>` (`findUniqueUserOrThrow` for the OrThrow variants).
const MODEL_ACTIONS = ['findUnique', 'findFirst', 'findMany', 'createOne', 'createMany', 'updateOne', 'updateMany',
  'upsertOne', 'deleteOne', 'deleteMany', 'aggregate', 'groupBy'];
const OR_THROW_ACTIONS = new Set(['findUnique', 'findFirst']);
export const RAW_ACTIONS = new Set(['queryRaw', 'executeRaw']);

const LOGICAL_OPERATORS = new Set(['AND', 'OR', 'NOT']);
const RELATION_FILTERS = new Set(['is', 'isNot', 'some', 'every', 'none']);
// Filter operators whose operand has the field's type (lists are mapped element by element).
const TYPED_FILTERS = new Set(['equals', 'lt', 'lte', 'gt', 'gte', 'in', 'notIn', 'has', 'hasSome', 'hasEvery',
  'array_contains', 'array_starts_with', 'array_ends_with']);
const AGGREGATE_FILTERS = new Set(['_count', '_sum', '_avg', '_min', '_max']);
// Atomic update operations on scalar fields (`{ spend: { increment: 1.5 } }`).
const UPDATE_OPERATIONS = new Set(['set', 'increment', 'decrement', 'multiply', 'divide', 'push']);

/** The request is well-formed GraphQL but names no operation of this schema. */
export class TranslationError extends Error {
  constructor(message) {
    super(message);
    this.name = 'TranslationError';
  }
}

/**
 * A Json value that is not JSON text. Checked here because the wasm engine panics on it; the
 * error is the validation error (P2009) the engine gives for invalid JSON elsewhere, in its
 * words ("agument" included).
 */
export class InvalidJsonError extends Error {
  constructor(text, cause) {
    const shown = text.length > 100 ? `${text.slice(0, 100)}...` : text;
    super(`Invalid argument agument value. \`${shown}\` is not a valid \`JSON String\`. Underlying error: ${cause.message}`);
    this.name = 'InvalidJsonError';
    this.code = 'P2009';
    this.meta = { kind: 'InvalidArgumentValue', argument: { typeNames: ['JSON String'] }, underlyingError: cause.message };
  }
}

function checkedJson(text) {
  try {
    JSON.parse(text);
  } catch (error) {
    throw new InvalidJsonError(text, error);
  }
  return { $type: 'Json', value: text };
}

const isObject = (v) => v !== null && typeof v === 'object' && !Array.isArray(v) && !(v instanceof IntegerLiteral);
const oneOrMany = (value, fn) => (Array.isArray(value) ? value.map(fn) : fn(value));
const mapValues = (object, fn) => {
  const out = {};
  for (const [key, value] of Object.entries(object)) out[key] = fn(value, key);
  return out;
};

/** Wrap `value` (or each element of a list) as the JSON protocol wants a value of Prisma type `type`. */
export function encodeScalar(type, value) {
  if (value === null || value === undefined) return value;
  if (Array.isArray(value)) return value.map((item) => encodeScalar(type, item));
  if (!TYPED_SCALARS.has(type)) return value;
  if (value instanceof IntegerLiteral) {
    return type === 'BigInt' || type === 'Decimal' ? { $type: type, value: value.text } : value;
  }
  switch (typeof value) {
    case 'string':
      return type === 'Json' ? checkedJson(value) : { $type: type, value };
    case 'number':
      // Json keeps JSON numbers as they are; DateTime and Bytes never are numbers.
      return type === 'BigInt' || type === 'Decimal' ? { $type: type, value: String(value) } : value;
    default:
      return value; // booleans and objects are not values of these types: the engine reports it
  }
}

/**
 * Build a translator for one datamodel (see datamodel.mjs). `translate(graphql)` returns
 * `{ request, raw }`: the JSON-protocol request and whether it is a raw SQL query, whose
 * result is passed back untouched.
 */
export function createTranslator({ models }) {
  const relatedModel = (field) => models.get(field.type);

  function resolveOperation(name) {
    for (const action of MODEL_ACTIONS) {
      if (!name.startsWith(action)) continue;
      const rest = name.slice(action.length);
      if (models.has(rest)) return { action, modelName: rest };
      if (OR_THROW_ACTIONS.has(action) && rest.endsWith('OrThrow') && models.has(rest.slice(0, -7))) {
        return { action: `${action}OrThrow`, modelName: rest.slice(0, -7) };
      }
    }
    throw new TranslationError(`Operation '${name}' does not match any query.`);
  }

  // WhereInput, WhereUniqueInput (cursor) and the having clause of groupBy.
  function encodeWhere(model, where) {
    if (!isObject(where)) return where;
    return mapValues(where, (value, key) => {
      if (LOGICAL_OPERATORS.has(key)) return oneOrMany(value, (w) => encodeWhere(model, w));
      const field = model.fields.get(key);
      if (!field) return encodeWhere(model, value); // a compound unique key: { team_id_email: { team_id, email } }
      if (field.kind === 'object') return encodeRelationFilter(field, value);
      return encodeScalarFilter(field.type, value);
    });
  }

  function encodeRelationFilter(field, value) {
    if (!isObject(value)) return value;
    const target = relatedModel(field);
    const keys = Object.keys(value);
    if (keys.length > 0 && keys.every((k) => RELATION_FILTERS.has(k))) {
      return mapValues(value, (where) => encodeWhere(target, where));
    }
    return encodeWhere(target, value); // to-one shorthand: { team: { name: "a" } }
  }

  function encodeScalarFilter(type, filter) {
    if (!isObject(filter)) return encodeScalar(type, filter); // shorthand for equals
    return mapValues(filter, (operand, op) => {
      if (op === 'not') return isObject(operand) ? encodeScalarFilter(type, operand) : encodeScalar(type, operand);
      if (TYPED_FILTERS.has(op)) return encodeScalar(type, operand);
      if (AGGREGATE_FILTERS.has(op)) return encodeScalarFilter(aggregateType(type, op), operand);
      return operand; // mode, path, contains, startsWith, string_contains, isEmpty, ...
    });
  }

  // create / update data of one record.
  function encodeData(model, data) {
    if (!isObject(data)) return data;
    return mapValues(data, (value, key) => {
      const field = model.fields.get(key);
      if (!field) return value;
      if (field.kind === 'object') return encodeNestedWrite(field, value);
      if (isObject(value)) {
        return mapValues(value, (operand, op) => (UPDATE_OPERATIONS.has(op) ? encodeScalar(field.type, operand) : operand));
      }
      return encodeScalar(field.type, value);
    });
  }

  // Writes through a relation field: { team: { connect: { id } } }, { posts: { create: [...] } }, ...
  function encodeNestedWrite(field, write) {
    if (!isObject(write)) return write;
    const target = relatedModel(field);
    const where = (w) => encodeWhere(target, w);
    const data = (d) => encodeData(target, d);
    const whereAndData = (x) => (isObject(x) ? { ...x, where: where(x.where), data: data(x.data) } : x);
    return mapValues(write, (operand, op) => {
      switch (op) {
        case 'create':
          return oneOrMany(operand, data);
        case 'createMany':
          return isObject(operand) ? { ...operand, data: oneOrMany(operand.data, data) } : operand;
        case 'connect':
        case 'set':
        case 'disconnect':
        case 'delete':
        case 'deleteMany':
          return oneOrMany(operand, where); // booleans (to-one disconnect/delete) pass through
        case 'connectOrCreate':
          return oneOrMany(operand, (x) => (isObject(x) ? { ...x, where: where(x.where), create: data(x.create) } : x));
        case 'update':
          if (field.isList || isWhereDataPair(operand)) return oneOrMany(operand, whereAndData);
          return data(operand);
        case 'updateMany':
          return oneOrMany(operand, whereAndData);
        case 'upsert':
          return oneOrMany(operand, (x) =>
            isObject(x) ? { ...x, where: where(x.where), create: data(x.create), update: data(x.update) } : x);
        default:
          return operand;
      }
    });
  }

  function encodeArguments(model, args) {
    return mapValues(args, (value, key) => {
      switch (key) {
        case 'where':
        case 'cursor':
        case 'having':
          return encodeWhere(model, value);
        case 'data': // a list for createMany
          return oneOrMany(value, (d) => encodeData(model, d));
        case 'create': // upsert
        case 'update':
          return encodeData(model, value);
        default:
          return value; // take, skip, orderBy, distinct, by, skipDuplicates
      }
    });
  }

  function encodeSelection(model, selection) {
    const out = {};
    for (const { name, args, selection: nested } of selection ?? []) {
      if (!args && !nested) {
        out[name] = true;
        continue;
      }
      // A relation switches to the related model; aggregates (_count { _all }) keep this one.
      const field = model.fields.get(name);
      const target = field?.kind === 'object' ? relatedModel(field) : model;
      out[name] = {};
      if (args) out[name].arguments = encodeArguments(target, args);
      if (nested) out[name].selection = encodeSelection(target, nested);
    }
    return out;
  }

  function translate(source) {
    const { field } = parseQuery(source);
    if (RAW_ACTIONS.has(field.name)) {
      // The wasm engine panics when `parameters` is missing; it means "no parameters".
      const args = { parameters: '[]', ...field.args };
      return { raw: true, request: { action: field.name, query: { arguments: args, selection: {} } } };
    }
    const { action, modelName } = resolveOperation(field.name);
    const model = models.get(modelName);
    const query = { arguments: encodeArguments(model, field.args ?? {}), selection: encodeSelection(model, field.selection) };
    return { raw: false, request: { modelName, action, query } };
  }

  return { translate };
}

// `_count` of anything is an Int; `_avg` of an integer field is a Float.
function aggregateType(type, op) {
  if (op === '_count') return 'Int';
  if (op === '_avg' && (type === 'Int' || type === 'BigInt')) return 'Float';
  return type;
}

// A to-one `update` is either the data itself or `{ where, data }`.
function isWhereDataPair(operand) {
  if (!isObject(operand) || !isObject(operand.data)) return false;
  return Object.keys(operand).every((k) => k === 'where' || k === 'data');
}
