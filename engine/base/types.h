/* types — SQL types, scalar values, schemas and key/value options.
 *
 * Physical representation of each type in a Vector:
 *   BOOL      uint8_t  (0/1)
 *   INT64     int64_t  (INT, INTEGER and BIGINT are all 64-bit)
 *   DOUBLE    double   (DOUBLE, FLOAT, REAL)
 *   TEXT      Str      (pointer + length, not NUL-terminated)
 *   TIMESTAMP int64_t  microseconds since the Unix epoch, UTC
 *   INTERVAL  int64_t  microseconds
 * TYPE_NULL is the type of a bare NULL literal before coercion. */
#ifndef SLUICE_TYPES_H
#define SLUICE_TYPES_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "arena.h"
#include "strbuf.h"

typedef enum Type {
    TYPE_NULL,
    TYPE_BOOL,
    TYPE_INT64,
    TYPE_DOUBLE,
    TYPE_TEXT,
    TYPE_TIMESTAMP,
    TYPE_INTERVAL,
} Type;
#define TYPE_COUNT 7

typedef struct Str {
    const char *ptr;
    uint32_t len;
} Str;

typedef struct Value {
    Type type;
    bool is_null;
    union {
        bool b;
        int64_t i;      /* INT64, TIMESTAMP, INTERVAL */
        double d;
        Str s;
    };
} Value;

/* The canonical SQL name: BOOLEAN, BIGINT, DOUBLE, TEXT, TIMESTAMP,
 * INTERVAL, NULL. */
const char *type_name(Type t);
/* Parse a type name as written in DDL (case-insensitive; INT, INTEGER,
 * BIGINT, FLOAT, REAL, VARCHAR, STRING, ...). false if unknown. */
bool type_from_name(const char *name, Type *out);
/* Bytes per element in a Vector's data array. */
size_t type_width(Type t);
bool type_is_numeric(Type t);   /* INT64 or DOUBLE */

static inline Value value_null(Type t) { Value v = {.type = t, .is_null = true}; return v; }
static inline Value value_int(int64_t i) { Value v = {.type = TYPE_INT64}; v.i = i; return v; }
static inline Value value_double(double d) { Value v = {.type = TYPE_DOUBLE}; v.d = d; return v; }
static inline Value value_bool(bool b) { Value v = {.type = TYPE_BOOL}; v.b = b; return v; }
static inline Value value_text(const char *p, uint32_t n) { Value v = {.type = TYPE_TEXT}; v.s.ptr = p; v.s.len = n; return v; }
static inline Value value_ts(int64_t us) { Value v = {.type = TYPE_TIMESTAMP}; v.i = us; return v; }
static inline Value value_interval(int64_t us) { Value v = {.type = TYPE_INTERVAL}; v.i = us; return v; }

/* Append the display text of a non-NULL value (as printed in tables and
 * CSV; TEXT without quotes). NULL values append "NULL". */
void value_format(const Value *v, StrBuf *out);
/* A double as sluice prints it: shortest text that reads back to the same
 * double, with ".0" on integral values (2.0, 0.1, 1e+20, NaN, Infinity). */
void format_double(double d, StrBuf *out);

/* Total order used by ORDER BY, min/max and equality of keys:
 * NULLs first; numbers compare numerically; TEXT bytewise. */
int value_compare(const Value *a, const Value *b);

/* ---- schemas ------------------------------------------------------ */

typedef struct Column {
    const char *name;
    Type type;
    uint8_t event_time;  /* EVT_*: lineage from a watermarked event-time column */
} Column;

/* Event-time lineage of a column (Column.event_time). */
enum {
    EVT_NONE = 0,
    EVT_TIME = 1,        /* an event time (or window end): state keyed by it is
                            final once the watermark reaches its value */
    EVT_START = 2,       /* a window start: derived from event time, but the
                            window it starts is not final at that value */
};

typedef struct Schema {
    int n;
    Column *cols;
} Schema;

/* Index of a column by case-insensitive name, or -1. */
int schema_find(const Schema *s, const char *name);

/* ---- WITH (...) options ------------------------------------------- */

typedef struct Option {
    const char *key;     /* lower-cased */
    const char *value;   /* as written, unquoted */
    uint32_t span_off;   /* where the value was written (for errors) */
    uint32_t span_len;
} Option;

typedef struct Options {
    int n;
    Option *items;
} Options;

/* The value of key, or NULL. */
const char *options_get(const Options *o, const char *key);
const Option *options_find(const Options *o, const char *key);

#endif
