/* helpers — building batches and expressions tersely in the expr tests,
 * and rendering results as text to compare against. */
#ifndef SLUICE_TEST_EXPR_HELPERS_H
#define SLUICE_TEST_EXPR_HELPERS_H

#include "engine/expr/expr.h"

/* The standard test batch (5 rows):
 *   col 0 i  BIGINT    1, -2, NULL, 7, 0
 *   col 1 d  DOUBLE    1.5, NULL, -0.5, 2.0, 3.0
 *   col 2 s  TEXT      'abc', 'héllo', NULL, '', 'x y'
 *   col 3 t  TIMESTAMP 2023-04-16 09:30:15.5, NULL, 1970-01-01, 2024-02-29 23:59:59, 1969-12-31 23:00:00
 *   col 4 iv INTERVAL  10 s, 1 h, NULL, -5 min, 0
 *   col 5 b  BOOLEAN   true, false, NULL, true, false */
Batch *fixture(Arena *a);

/* A batch with one column of the given type and n rows from text values
 * ("NULL" = NULL), parsed like a CAST from TEXT. */
Batch *batch_of(Arena *a, Type t, int n, const char *const *vals);

Expr *col(Arena *a, int i);                /* column i of fixture() */
Expr *coln(Arena *a, int i, Type t, const char *name);
Expr *lit_i(Arena *a, int64_t v);
Expr *lit_d(Arena *a, double v);
Expr *lit_s(Arena *a, const char *s);
Expr *lit_b(Arena *a, bool v);
Expr *lit_null(Arena *a);
Expr *lit_ts(Arena *a, const char *s);
Expr *lit_iv(Arena *a, const char *s);

/* expr_call / expr_logic / expr_cast that must succeed. */
Expr *fn(Arena *a, const char *name, int n, ...);
Expr *logic(Arena *a, ExprKind k, bool negated, int n, ...);
Expr *cast(Arena *a, Expr *e, Type t);

/* Evaluate over the selected rows; values joined by ',' ("NULL" for
 * NULL, text unquoted). The string lives in a. */
const char *eval_str(Arena *a, const Expr *e, Batch *b);
/* Same with a context (now, batch id). */
const char *eval_str_ctx(Arena *a, const ExprCtx *ctx, const Expr *e, Batch *b);
/* expr_print into a. */
const char *print(Arena *a, const Expr *e);
/* Fold, then print. */
const char *fold_print(Arena *a, Expr *e);
/* The error message of a failing expr_call ("" if it succeeded); hint in
 * *hint when given. */
const char *call_error(Arena *a, const char *name, int n, Expr **args, const char **hint);

#endif
