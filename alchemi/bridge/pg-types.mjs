// Column-type fixes for @prisma/adapter-pg 5.17, applied to every query it runs.
//
// 1. The adapter refuses result columns whose type it has no mapping for (name, name[],
//    "char", interval, timestamptz[], regclass, ...) with "Unsupported column type", failing
//    the whole raw query. The native engine returns such columns as text, so the bridge reads
//    their text as it comes from the server and declares them text (or text[]).
// 2. The adapter reads timestamptz text by cutting it at "+" ("2024-01-02 03:04:05+02" ->
//    03:04:05, taken as UTC): wrong unless the session time zone is UTC, and "-05" offsets are
//    not cut at all. The bridge converts the value to UTC instead.

import { parse as parseArray } from 'postgres-array';

const TIMESTAMPTZ = 1184;
const TIMESTAMPTZ_ARRAY = 1185;
const TIMESTAMP_ARRAY = 1115;
const TEXT = 25;
const TEXT_ARRAY = 1009;

// Types the adapter maps itself (its fieldToColumnType); user-defined types (OID >= 10000,
// e.g. enums) it reads as text.
const ADAPTER_TYPES = new Set([
  16, 17, 20, 21, 23, 25, 26, 114, 142, 650, 700, 701, 790, 869, 1042, 1043, 1082, 1083, 1114, 1184, 1266, 1560,
  1562, 1700, 2950, 3802, // scalars
  143, 199, 651, 791, 1000, 1001, 1002, 1005, 1007, 1009, 1014, 1015, 1016, 1021, 1022, 1028, 1041, 1115, 1182,
  1183, 1231, 1561, 1563, 2951, 3807, // arrays
]);
// Built-in array types (pg_type.typcategory = 'A'); int2vector and oidvector print like
// scalars ("1 2") and are left out.
const ARRAY_TYPES = new Set([143, 199, 210, 270, 271, 272, 273, 629, 651, 719, 775, 791, 1000, 1001, 1002, 1003,
  1005, 1006, 1007, 1008, 1009, 1010, 1011, 1012, 1013, 1014, 1015, 1016, 1017, 1018, 1019, 1020, 1021, 1022, 1027,
  1028, 1034, 1040, 1041, 1115, 1182, 1183, 1185, 1187, 1231, 1263, 1270, 1561, 1563, 2201, 2207, 2208, 2209, 2210,
  2211, 2949, 2951, 3221, 3643, 3644, 3645, 3735, 3770, 3807, 3905, 3907, 3909, 3911, 3913, 3927, 4073, 4090, 4097,
  4192, 5039, 6150, 6151, 6152, 6153, 6155, 6157]);

const isForeign = (oid) => oid < 10000 && !ADAPTER_TYPES.has(oid);
const asText = (text) => text;
const asTextArray = (text) => parseArray(text);

const TIMESTAMPTZ_TEXT = /^(\d{4})-(\d\d)-(\d\d) (\d\d):(\d\d):(\d\d)(\.\d+)?([+-])(\d\d)(?::(\d\d))?(?::(\d\d))?$/;

/**
 * PostgreSQL timestamptz text (ISO DateStyle, any session time zone) -> the same instant as
 * "YYYY-MM-DD HH:MM:SS[.ffffff]" in UTC, the form the engine reads as a UTC DateTime.
 */
export function timestamptzToUtc(text) {
  const m = TIMESTAMPTZ_TEXT.exec(text);
  if (!m) return text.split('+')[0]; // infinity, BC dates: what the adapter does
  const [, year, month, day, hour, minute, second, fraction = '', sign, oh, om = '0', os = '0'] = m;
  const local = new Date(0);
  local.setUTCFullYear(Number(year), Number(month) - 1, Number(day));
  local.setUTCHours(Number(hour), Number(minute), Number(second), 0);
  const offsetSeconds = (Number(oh) * 3600 + Number(om) * 60 + Number(os)) * (sign === '-' ? -1 : 1);
  const iso = new Date(local.getTime() - offsetSeconds * 1000).toISOString();
  return `${iso.slice(0, 10)} ${iso.slice(11, 19)}${fraction}`;
}

/** Text parser the bridge uses instead of pg's (and the adapter's) for column type `oid`. */
export function overrideParser(oid) {
  if (oid === TIMESTAMPTZ) return timestamptzToUtc;
  if (oid === TIMESTAMPTZ_ARRAY) return (text) => parseArray(text, timestamptzToUtc);
  if (isForeign(oid)) return ARRAY_TYPES.has(oid) ? asTextArray : asText;
  return null;
}

/** After parsing, declare the columns read by `overrideParser` with a type the adapter knows. */
export function declareColumnTypes(result) {
  for (const field of result?.fields ?? []) {
    if (field.dataTypeID === TIMESTAMPTZ_ARRAY) field.dataTypeID = TIMESTAMP_ARRAY;
    else if (isForeign(field.dataTypeID)) field.dataTypeID = ARRAY_TYPES.has(field.dataTypeID) ? TEXT_ARRAY : TEXT;
  }
  return result;
}

/** Wrap a pg query config so that its type parsers go through `overrideParser` first. */
export function withOverriddenParsers(config) {
  const getTypeParser = config.types?.getTypeParser;
  if (!getTypeParser) return config;
  return {
    ...config,
    types: { getTypeParser: (oid, format) => (format === 'text' && overrideParser(oid)) || getTypeParser(oid, format) },
  };
}
