// Column-type fixes (alchemi/bridge/pg-types.mjs).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { declareColumnTypes, overrideParser, timestamptzToUtc, withOverriddenParsers } from '../../../alchemi/bridge/pg-types.mjs';

test('timestamptz text in any time zone becomes UTC', () => {
  assert.equal(timestamptzToUtc('2024-01-02 03:04:05+02'), '2024-01-02 01:04:05');
  assert.equal(timestamptzToUtc('2024-01-02 03:04:05.123456-05'), '2024-01-02 08:04:05.123456');
  assert.equal(timestamptzToUtc('2024-01-02 23:30:00+05:30'), '2024-01-02 18:00:00');
  assert.equal(timestamptzToUtc('2023-12-31 23:00:00-01'), '2024-01-01 00:00:00');
  assert.equal(timestamptzToUtc('1883-11-18 12:00:00+00:53:28'), '1883-11-18 11:06:32');
  assert.equal(timestamptzToUtc('0099-06-01 00:00:00+00'), '0099-06-01 00:00:00');
  assert.equal(timestamptzToUtc('infinity'), 'infinity');
});

test('types the adapter does not know are read as text', () => {
  assert.equal(overrideParser(19)('pg_class'), 'pg_class'); // name
  assert.equal(overrideParser(1186)('1 day 02:00:00'), '1 day 02:00:00'); // interval
  assert.deepEqual(overrideParser(1003)('{a,"b c",NULL}'), ['a', 'b c', null]); // name[]
  assert.deepEqual(overrideParser(1185)('{"2024-01-02 03:04:05+02"}'), ['2024-01-02 01:04:05']);
  assert.equal(overrideParser(23), null); // int4: the adapter's own
  assert.equal(overrideParser(16384), null); // user types: the adapter's own
  const result = declareColumnTypes({ fields: [{ dataTypeID: 19 }, { dataTypeID: 1003 }, { dataTypeID: 1185 }, { dataTypeID: 23 }] });
  assert.deepEqual(result.fields.map((f) => f.dataTypeID), [25, 1009, 1115, 23]);
});

test('query configs get the overriding parsers first', () => {
  const config = withOverriddenParsers({ text: 'x', types: { getTypeParser: () => 'original' } });
  assert.equal(config.types.getTypeParser(1184, 'text'), timestamptzToUtc);
  assert.equal(config.types.getTypeParser(23, 'text'), 'original');
  assert.equal(config.types.getTypeParser(1184, 'binary'), 'original');
});
