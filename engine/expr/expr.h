/* expr — bound, typed expressions and their vectorized evaluation.
 *
 * The analyzer turns AST expressions into Expr trees whose column
 * references are indices into the input schema of the operator that
 * evaluates them. Evaluation is a batch at a time: each node computes a
 * whole Vector with one type-specialised loop (kernels generated from
 * X-macro tables), over the selected rows only. There is no per-row walk
 * of the tree.
 *
 * Semantics follow Spark with ANSI mode off: division by zero gives NULL;
 * comparisons with NULL are NULL; AND/OR use three-valued logic. A row
 * error — an explicit CAST that fails, BIGINT overflow in + - * and unary
 * minus (TIMESTAMP +- INTERVAL included) — gives NULL too, but is never
 * silent: it is counted in ExprCtx.errors and reported like a bad record
 * (the executor prints the first few of a batch, or stops the query under
 * on_error = 'fail'). */
#ifndef SLUICE_EXPR_H
#define SLUICE_EXPR_H

#include <signal.h>
#include <stdbool.h>
#include <stdint.h>

#include "engine/base/arena.h"
#include "engine/base/diag.h"
#include "engine/base/strbuf.h"
#include "engine/base/batch.h"
#include "engine/base/types.h"

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

/* Row errors of a running query: values an expression could not compute
 * (a failed explicit CAST, an overflow, a regular expression from the data
 * that does not compile or gives up). The value becomes NULL (or what the
 * message's effect says) and the row is counted; the first
 * ROW_ERRORS_SHOWN of a batch keep their message ("CAST(x AS BIGINT):
 * invalid input syntax for type BIGINT: \"abc\"", one per line of
 * `shown`) and effect; the executor prints and resets them. Under on_error = 'fail' (`fail`), the next operator stops the
 * query before the row goes further (op_push). */
enum { ROW_ERRORS_SHOWN = 3 };
typedef struct RowErrors {
    int64_t total;        /* over the query */
    int64_t batch;        /* in the current micro-batch */
    StrBuf shown;         /* the first messages of the batch, "\n"-terminated */
    const char *effects[ROW_ERRORS_SHOWN];   /* what became of each value */
    bool fail;            /* on_error = 'fail': operators stop (op_push) */
} RowErrors;

/* What evaluation may need besides the batch. */
typedef struct ExprCtx {
    int64_t now_us;       /* current_timestamp: start of the micro-batch */
    int64_t batch_id;     /* batch_id() */
    RowErrors *errors;    /* where row errors go; NULL = not reported (folding) */
    volatile sig_atomic_t *abort;  /* set: the query stops at once; kernels
                                      that work long per row (regex) skip the
                                      rest of the batch (NULL values) */
} ExprCtx;

/* Count a row error of expression `e` (its text starts the message, then
 * ": " and the printf-style rest; e may be NULL) whose value became NULL;
 * a no-op when errors is NULL. */
void expr_row_error(RowErrors *errors, const Expr *e, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
/* The same with what became of the value instead of "NULL" (e.g. "the
 * rest of the text is the last piece"; static text). */
void expr_row_error_effect(RowErrors *errors, const Expr *e, const char *effect,
                           const char *fmt, ...) __attribute__((format(printf, 4, 5)));
/* The first message of the batch's row errors (errors->batch > 0). */
Str expr_row_error_first(const RowErrors *errors);

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
