/* analyze — binds a parsed query to the catalog and builds its logical plan.
 *
 * Resolves names (columns, qualifiers, CTEs, subqueries), checks and
 * coerces types, finds aggregates and explode(), applies Spark's rules for
 * output modes and ORDER BY/LIMIT, and produces a Plan (plan.h) plus the
 * facts the executor needs. Errors point at the offending source text and
 * suggest the closest name where one exists.
 *
 * analyze.c handles queries and clauses; analyze_expr.c binds expressions. */
#ifndef SLUICE_ANALYZE_H
#define SLUICE_ANALYZE_H

#include <stdbool.h>
#include <stdint.h>

#include "grammar/ast.h"
#include "engine/session/catalog.h"
#include "engine/expr/expr.h"
#include "engine/ops/op.h"
#include "engine/plan/plan.h"

typedef struct Query {
    Plan *plan;              /* root; its schema is the query's output */
    EmitMode mode;
    const char *mode_reason; /* why this mode, for EXPLAIN */
    bool is_static;          /* only TABLEs (or no FROM): runs once */
    bool run_once;           /* EMIT FINAL on an aggregation without a watermark:
                                every input must be bounded; read to the end,
                                one result (exec_start refuses unbounded inputs) */
    Span run_once_span;      /* the EMIT FINAL clause, for that error */
    bool has_aggregate;
    int64_t trigger_us;      /* EMIT ... EVERY; 0 = as soon as data arrives */
    bool flush_on_end;       /* end of input flushes open state (SET flush_on_end) */
    bool watermark_max;      /* SET watermark_policy = 'max' (default min) */
    int64_t wm_jump_warn_us; /* SET watermark_jump_warning; 0 = no warning */
    bool clock_simulated;    /* SET clock = 'simulated': processing time of batch N */
    int64_t clock_start_us;  /*   is clock_start + N * clock_step */
    int64_t clock_step_us;
    int renamed_col;         /* first output column renamed to keep names distinct
                                (a.id for a second "id"), or -1 */
    const char *renamed_from;/*   its name as written */
    Span renamed_span;       /*   its select item */
    const char **written_names; /* every output name as written, when some
                                   were renamed (the table format shows
                                   these, as Spark's console does); else NULL */
} Query;

typedef struct Analyzer {
    Arena *arena;            /* query arena: plan, expressions */
    const Catalog *catalog;
    const char *src;         /* the statement text spans refer to */
    Diag *diag;
} Analyzer;

/* Analyze a SELECT into *out. Returns 0, or -1 with az->diag filled. */
int analyze_query(Analyzer *az, const AstSelect *sel, Query *out);

/* Evaluate a constant expression written in DDL or SET (e.g. the delay of
 * WATERMARK FOR ts AS ts - INTERVAL '10' SECOND). */
int analyze_interval_literal(Analyzer *az, const AstExpr *e, int64_t *us);

/* ---- internal to analyze*.c -------------------------------------- */

/* A column visible to expressions: index i of the current input. */
typedef struct ScopeCol {
    const char *qualifier;   /* table alias or name; NULL for derived */
    const char *name;
    Type type;
    const char *alt_name;    /* also found unqualified by this name (window_start) */
    uint8_t event_time;      /* EVT_* lineage (types.h) */
    bool pseudo;             /* session bounds: exist only above the aggregation */
    const struct GroupWindow *session;   /* SESSION() bounds: the window they group by */
} ScopeCol;

typedef struct Scope {
    int n;
    ScopeCol *cols;
} Scope;

/* The aggregation being built while binding SELECT/HAVING/ORDER BY of an
 * aggregate query. Expressions in that context may use grouping keys
 * (matched structurally) and aggregate calls; both become columns of the
 * Aggregate's output (keys first, then aggregates). */
typedef struct AggBuild {
    const Scope *input;      /* scope below the aggregate */
    const Scope *arg_scope;  /* what aggregate arguments may read (no pseudo columns) */
    const Scope *out_scope;  /* the keys as output columns (event-time lineage) */
    Expr **keys;
    int n_keys;
    AggCall *aggs;
    const char **agg_names;
    int n_aggs, cap_aggs;
} AggBuild;

typedef struct Binder {
    Analyzer *az;
    const Scope *scope;      /* what column names resolve to */
    AggBuild *agg;           /* non-NULL: aggregate context */
    const char *clause;      /* "WHERE", "GROUP BY", ... for messages */
    bool allow_pseudo;       /* may name session bounds (GROUP BY, key matching) */
    int depth;               /* nesting of the expression being bound */
} Binder;

/* Deeper expressions are refused (they would exhaust the stack in the
 * recursive passes over them). */
#define MAX_EXPR_DEPTH 2000

/* Bind an AST expression; NULL with the diag filled on error. */
Expr *bind_expr(Binder *b, const AstExpr *e);
/* True if the AST contains an aggregate call (count, sum, ...). */
bool ast_has_aggregate(const AstExpr *e);
/* True if name is an aggregate function. */
bool is_aggregate_name(const char *name);
/* The source text of a span, copied into the arena (for column names). */
const char *span_text(Analyzer *az, Span s);

/* ---- windows (analyze_window.c) ------------------------------------ */

typedef enum WindowKind { WIN_NONE, WIN_FIXED, WIN_SESSION } WindowKind;

/* A window() or session_window() found in GROUP BY. */
typedef struct GroupWindow {
    WindowKind kind;
    int start_col, end_col;  /* scope indices of the bounds */
    Expr *time, *gap;        /* session: time and gap over the input */
    bool event_time;         /* the time is a watermarked event time */
    Span span;
} GroupWindow;

/* window(...) or session_window(...)? */
bool is_window_call(const AstExpr *e);
/* Bind a window call of GROUP BY: a fixed window adds a Window node
 * above *p (and its bounds to the scope); a session window adds pseudo
 * columns for its bounds, computed later by the session aggregation. */
int bind_group_window(Analyzer *az, const AstExpr *call, Plan **p, Scope *scope,
                      GroupWindow *gw);
/* SESSION(t, ts, gap) in FROM: pseudo columns window_start/window_end
 * that a session aggregation computes when the query groups by them. */
int bind_session_tvf(Analyzer *az, Scope *scope, Expr *time, const AstExpr *gap,
                     const char *qualifier, Span span);
/* Is g a reference to the bounds of a SESSION() table function? */
const GroupWindow *session_tvf_ref(const Scope *scope, const AstExpr *g);

/* A Window node over *p and its two bound columns in the scope (the TVFs
 * TUMBLE/HOP use it with their own column names). */
Plan *add_window_node(Analyzer *az, Plan *p, Scope *scope, Expr *time, int64_t size_us,
                      int64_t slide_us, int64_t offset_us, const char *qualifier,
                      bool spark_names, Span span);
/* Every row is in ceil(size / slide) windows, each a group it updates:
 * more than this is refused (a 1-day window sliding by 1 second would
 * make 86400 groups of every row). */
#define MAX_WINDOWS_PER_ROW 1000
/* -1 with the diag filled (span: the window) when a window of this size
 * and slide puts a row in more than MAX_WINDOWS_PER_ROW windows. */
int check_window_shape(Analyzer *az, int64_t size_us, int64_t slide_us, Span span);

/* ---- joins (analyze_join.c) ---------------------------------------- */

/* JOIN of two bound inputs: keys, time bound, residual and Spark's
 * support matrix; the output scope is the left columns then the right
 * ones (LEFT SEMI: left only). */
Plan *bind_join(Analyzer *az, const AstFrom *f, Plan *left, const Scope *lscope, Plan *right,
                const Scope *rscope, Scope *out_scope);

/* A duration argument: INTERVAL '10' SECOND, '10 minutes', ... */
int bind_duration(Analyzer *az, const AstExpr *e, int64_t *us, const char *what);
/* Event-time lineage (EVT_*) of an expression over a scope: a column
 * keeps its own; column +/- constant interval keeps EVT_TIME. */
uint8_t expr_event_kind(const Expr *e, const Scope *scope);

#endif
