/* plan — the logical plan: what a query computes, not how.
 *
 * A tree of nodes, each with its output schema; expressions inside a node
 * refer to the columns of its input by index (Scan has no input and its
 * output is the whole declared schema of the stream/table; the columns the
 * query does not need are pruned by the optimizer through `needed`, and
 * the reader leaves them NULL).
 *
 * Built by engine/analyze, rewritten by engine/optimize, turned into
 * operators by engine/physical. Everything lives in the query arena. */
#ifndef SLUICE_PLAN_H
#define SLUICE_PLAN_H

#include <stdbool.h>
#include <stdint.h>

#include "engine/base/arena.h"
#include "engine/base/strbuf.h"
#include "engine/expr/expr.h"
#include "engine/io/input.h"
#include "engine/ops/ops.h"
#include "engine/base/types.h"

typedef enum PlanKind {
    PLAN_SCAN,
    PLAN_VALUES,      /* one row, no columns: SELECT without FROM */
    PLAN_FILTER,
    PLAN_PROJECT,
    PLAN_EXPLODE,
    PLAN_AGGREGATE,
    PLAN_WINDOW,      /* window assignment: adds window_start, window_end */
    PLAN_SESSION,     /* session-window aggregation */
    PLAN_JOIN,        /* two inputs: `input` (left) and `right` */
    PLAN_SORT,
    PLAN_LIMIT,
} PlanKind;

typedef struct Plan Plan;

struct Plan {
    PlanKind kind;
    Schema schema;            /* output columns */
    Plan *input;              /* NULL for SCAN and VALUES; the left input of a JOIN */
    Plan *right;              /* JOIN only: the right input */
    Span span;
    union {
        struct {
            const InputDef *def;
            const char *alias;    /* name the query uses for it */
            bool *needed;         /* def->schema.n flags; NULL = all */
            Expr *filter;         /* predicate pushed into the scan, or NULL */
            int wm_column;        /* watermarked column, or -1 */
            int64_t wm_delay_us;  /* WATERMARK FOR c AS c - delay */
        } scan;
        struct { Expr *pred; } filter;
        struct { Expr **exprs; int n; } project;       /* n == schema.n */
        struct {
            Expr *text;                /* the string to split */
            const char *delim;
            bool regex;
        } explode;                     /* schema = input + 1 TEXT column */
        struct { AggConfig cfg; } agg; /* schema = keys + aggregates */
        struct {
            Expr *time;
            int64_t size_us, slide_us, offset_us;
        } window;                      /* schema = input + window_start, window_end */
        struct { SessionConfig cfg; } session;  /* keys, session_start, session_end, aggs */
        struct {
            JoinConfig cfg;           /* keys over each input, residual over both */
            bool left_static;         /* the left input reads only tables */
            bool right_static;
        } join;                       /* schema = left + right (LEFT SEMI: left) */
        struct { SortKey *keys; int n; } sort;
        struct {
            int64_t count;
            bool whole_query;         /* a stream's LIMIT: the query ends after count rows */
        } limit;
    };
};

/* Constructors: allocate in `a`; the schema is given (copied by pointer). */
Plan *plan_new(Arena *a, PlanKind kind, Plan *input, Schema schema, Span span);

/* A copy of a schema (names shared), for building derived schemas. */
Schema schema_copy(Arena *a, const Schema *s);

/* Indented tree, one node per line, e.g.
 *   Project [window_start, n := count(*)]
 *     Filter (status >= 400)
 *       Scan logs [ip, status] filter=(status >= 400)
 * Column lists name the needed columns only. */
void plan_print(const Plan *p, StrBuf *out);

/* Does the subtree read only tables (no stream)? */
bool plan_is_static(const Plan *p);

/* Depth-first copy of the tree (nodes only; expressions shared). */
Plan *plan_clone(Arena *a, const Plan *p);

#endif
