/* expr — bound, typed expressions and their vectorized evaluation.
 *
 * The analyzer turns AST expressions into Expr trees whose column
 * references are indices into the input schema of the operator that
 * evaluates them. Evaluation is a batch at a time: each node computes a
 * whole Vector with one type-specialised loop (kernels generated from
 * X-macro tables), over the selected rows only. There is no per-row walk
 * of the tree.
 *
 * Semantics follow Spark with ANSI mode off: division by zero, a failed
 * CAST and integer overflow in casts give NULL, not an error; comparisons
 * with NULL are NULL; AND/OR use three-valued logic. */
#ifndef SLUICE_EXPR_H
#define SLUICE_EXPR_H

#include <stdbool.h>
#include <stdint.h>

#include "base/arena.h"
#include "base/diag.h"
#include "base/strbuf.h"
#include "batch.h"
#include "types.h"

typedef enum ExprKind {
    EXPR_CONST,      /* a Value */
    EXPR_COLUMN,     /* input column by index */
    EXPR_CALL,       /* scalar function or operator, resolved to a kernel */
    EXPR_CAST,
    EXPR_AND, EXPR_OR, EXPR_NOT,
    EXPR_IS_NULL,    /* negated: IS NOT NULL */
    EXPR_CASE,       /* searched CASE: args = when1, then1, when2, then2, ..., [else] */
    EXPR_IN,         /* args[0] IN (args[1..]) ; negated: NOT IN */
    EXPR_COALESCE,
} ExprKind;

typedef struct FuncDef FuncDef;   /* a resolved function overload (expr.c) */

typedef struct Expr {
    ExprKind kind;
    Type type;            /* result type */
    Span span;            /* source text it came from */
    bool negated;         /* IS NOT NULL, NOT IN */
    bool has_else;        /* CASE with ELSE */
    Value value;          /* EXPR_CONST (TEXT points into the query arena) */
    int column;           /* EXPR_COLUMN: input index */
    const char *name;     /* EXPR_COLUMN: display name; EXPR_CALL: function name */
    const FuncDef *fn;    /* EXPR_CALL */
    void *fn_state;       /* EXPR_CALL: precomputed state (LIKE pattern, regex) */
    int n_args;
    struct Expr **args;
    bool implicit;        /* EXPR_CAST added by type coercion (printed as its operand) */
} Expr;

/* What evaluation may need besides the batch. */
typedef struct ExprCtx {
    int64_t now_us;       /* current_timestamp: start of the micro-batch */
    int64_t batch_id;     /* batch_id() */
} ExprCtx;

/* ---- building (the analyzer and the optimizer use these) ------------- */

Expr *expr_const(Arena *a, Value v, Span span);
Expr *expr_column(Arena *a, int index, Type type, const char *name, Span span);

/* A scalar function or operator call by name, with overload resolution and
 * implicit casts (INT64 -> DOUBLE for mixed arithmetic, TEXT -> DOUBLE for
 * arithmetic on text as Spark does, NULL literal -> any).
 * Operator names: "+", "-", "*", "/", "%", "=", "<>", "<", "<=", ">", ">=",
 * "||", "neg" (unary minus), "like", "not like".
 * Functions: length, upper, lower, trim, ltrim, rtrim, substring/substr,
 * concat, split_part, regexp_extract, replace, abs, round, floor, ceil,
 * to_timestamp, date_trunc, current_timestamp, proctime, batch_id, ...
 * Unknown names and bad argument types fill `d` (with the span and a hint
 * naming the closest function) and return NULL. Constant folding is not
 * done here (see expr_fold). `aa` is the query arena. */
Expr *expr_call(Arena *aa, const char *name, Expr **args, int n, Span span, Diag *d);
/* CAST(e AS t); NULL + diag only for casts that can never work
 * (e.g. BOOLEAN -> TIMESTAMP). */
Expr *expr_cast(Arena *aa, Expr *e, Type to, Span span, Diag *d);
/* AND/OR/NOT/IS NULL/CASE/IN/COALESCE. Operands are coerced to a common
 * type (BOOLEAN for the logical ones); NULL + diag on a type mismatch. */
Expr *expr_logic(Arena *aa, ExprKind kind, Expr **args, int n, bool negated,
                 Span span, Diag *d);
/* True if a scalar function (or operator) of that name exists. */
bool expr_function_exists(const char *name);

/* ---- inspecting and rewriting (optimizer) -------------------------- */

bool expr_is_const(const Expr *e);         /* no columns, no volatile calls */
bool expr_is_volatile(const Expr *e);      /* current_timestamp, batch_id */
/* Mark in `used` (an array of n_cols bools) every column the expression
 * reads. */
void expr_columns_used(const Expr *e, bool *used, int n_cols);
/* A copy of e with every EXPR_COLUMN i replaced by a copy of repl[i]. */
Expr *expr_substitute(Arena *a, const Expr *e, Expr *const *repl);
/* A copy with column indices renumbered: column i becomes map[i]. */
Expr *expr_remap(Arena *a, const Expr *e, const int *map);
/* Constant folding and boolean simplification, bottom-up: constant
 * subtrees become EXPR_CONST, x AND TRUE -> x, x OR TRUE -> TRUE,
 * NOT NOT x -> x, CASE with constant conditions pruned, ... Returns the
 * (possibly same) tree; sets *changed when anything was rewritten. */
Expr *expr_fold(Arena *a, Expr *e, bool *changed);
/* Structural equality (same columns, same functions, same constants). */
bool expr_equal(const Expr *a, const Expr *b);
/* SQL-ish text: "(status >= 400)", "upper(name)", column names taken from
 * the Expr's own name (or "#i" without one). */
void expr_print(const Expr *e, StrBuf *out);

/* ---- evaluating ---------------------------------------------------- */

/* Evaluate e over the selected rows of `in` into *out (a Vector of e->type
 * whose row i corresponds to row i of `in`; unselected rows are garbage).
 * Scratch memory and result strings are allocated in in->arena. Constant
 * results come back with is_const set. Never fails. */
void expr_eval(const ExprCtx *ctx, const Expr *e, Batch *in, Vector *out);

/* Like expr_eval, but a constant result is spread over every row
 * (is_const false), for callers that keep the Vector as a batch column. */
void expr_eval_flat(const ExprCtx *ctx, const Expr *e, Batch *in, Vector *out);

/* Narrow in->sel to the rows where the BOOLEAN predicate is TRUE (NULL and
 * FALSE drop the row). The new selection lives in in->arena. */
void expr_filter(const ExprCtx *ctx, const Expr *pred, Batch *in);

/* Evaluate a constant expression to a single Value (strings in `a`). */
Value expr_eval_const(const ExprCtx *ctx, const Expr *e, Arena *a);

/* Every scalar function (not operators), in registry order: its name
 * and a signature such as "substring(TEXT, BIGINT) -> TEXT"; SHOW
 * FUNCTIONS. */
void expr_each_function(void (*fn)(const char *name, const char *signature, void *arg), void *arg);

#endif
