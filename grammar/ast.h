/* ast — the syntax tree the parser builds, with a source span on every node.
 *
 * The grammar builds trees only: it opens no file, knows no catalog and
 * checks no types (that is engine/analyze). Every node lives in the Arena
 * given to the parser; nothing here is freed on its own.
 *
 * Names: identifiers are stored as written, except that unquoted ones are
 * lower-cased (SQL folds them) and quoted ones keep their case. */
#ifndef SLUICE_AST_H
#define SLUICE_AST_H

#include <stdbool.h>
#include <stdint.h>

#include "engine/base/arena.h"
#include "engine/base/diag.h"
#include "engine/base/strbuf.h"

/* A growable array of node pointers, allocated in the parse arena. */
typedef struct AstList {
    int n, cap;
    void **items;
} AstList;

AstList *ast_list_new(Arena *a);
void ast_list_push(Arena *a, AstList *l, void *item);

/* ---- expressions ------------------------------------------------- */

typedef enum AstExprKind {
    AST_LITERAL,     /* lit */
    AST_COLUMN,      /* column: a, t.a, window.start ("window" and "start") */
    AST_STAR,        /* star: * or t.* (only in select lists and count(*)) */
    AST_UNARY,       /* unary: -x, NOT x */
    AST_BINARY,      /* binary: x op y */
    AST_IS_NULL,     /* is_null: x IS [NOT] NULL */
    AST_IN,          /* in: x [NOT] IN (a, b, ...) */
    AST_BETWEEN,     /* between: x [NOT] BETWEEN lo AND hi */
    AST_LIKE,        /* like: x [NOT] LIKE pattern */
    AST_CASE,        /* kase: CASE [operand] WHEN .. THEN .. [ELSE ..] END */
    AST_CAST,        /* cast: CAST(x AS type), x::type */
    AST_CALL,        /* call: f(args), f(DISTINCT x), count(*), current_timestamp */
    AST_SUBSCRIPT,   /* subscript: x[i] (as in split(v, ',')[0]) */
} AstExprKind;

typedef enum AstLitKind {
    LIT_NULL,
    LIT_BOOL,
    LIT_INT,         /* fits int64 */
    LIT_FLOAT,       /* decimal point or exponent, or too big for int64 */
    LIT_STRING,
    LIT_INTERVAL,    /* INTERVAL '10' SECOND / INTERVAL '10 seconds' */
    LIT_TIMESTAMP,   /* TIMESTAMP '2023-04-16 09:00:00' */
} AstLitKind;

typedef enum AstBinOp {
    OP_ADD, OP_SUB, OP_MUL, OP_DIV, OP_MOD,
    OP_EQ, OP_NE, OP_LT, OP_LE, OP_GT, OP_GE,
    OP_AND, OP_OR,
    OP_CONCAT,       /* || */
} AstBinOp;

typedef enum AstUnOp { OP_NEG, OP_NOT, OP_PLUS } AstUnOp;

typedef struct AstExpr AstExpr;

typedef struct AstWhen {
    AstExpr *when, *then;
} AstWhen;

struct AstExpr {
    AstExprKind kind;
    Span span;
    union {
        struct {
            AstLitKind kind;
            bool b;
            int64_t i;
            double f;
            const char *s;       /* STRING text; INTERVAL/TIMESTAMP quoted text */
            const char *unit;    /* INTERVAL unit keyword as written, or NULL */
        } lit;
        struct {
            const char *qualifier;   /* NULL, or the part before the dot */
            const char *name;
        } column;
        struct {
            const char *qualifier;   /* t.* ; NULL for * */
        } star;
        struct {
            AstUnOp op;
            AstExpr *arg;
        } unary;
        struct {
            AstBinOp op;
            AstExpr *left, *right;
            Span op_span;            /* the operator token */
        } binary;
        struct {
            AstExpr *arg;
            bool negated;            /* IS NOT NULL */
        } is_null;
        struct {
            AstExpr *arg;
            AstList *list;           /* AstExpr* */
            bool negated;
        } in;
        struct {
            AstExpr *arg, *lo, *hi;
            bool negated;
        } between;
        struct {
            AstExpr *arg, *pattern;
            bool negated;
        } like;
        struct {
            AstExpr *operand;        /* CASE x WHEN ...; NULL for searched CASE */
            AstList *whens;          /* AstWhen* */
            AstExpr *else_;          /* NULL if absent */
        } kase;
        struct {
            AstExpr *arg;
            const char *type_name;   /* as written, lower-cased */
            Span type_span;
        } cast;
        struct {
            const char *name;        /* lower-cased function name */
            AstList *args;           /* AstExpr*; count(*) has one AST_STAR */
            bool distinct;
            bool no_parens;          /* current_timestamp written without () */
        } call;
        struct {
            AstExpr *arg, *index;
        } subscript;
    };
};

/* ---- queries ------------------------------------------------------ */

typedef enum AstJoinKind {
    JOIN_INNER, JOIN_LEFT, JOIN_RIGHT, JOIN_FULL, JOIN_LEFT_SEMI, JOIN_CROSS,
} AstJoinKind;

typedef enum AstFromKind {
    FROM_TABLE,      /* a stream or table (or CTE) by name */
    FROM_SUBQUERY,   /* (SELECT ...) alias */
    FROM_JOIN,
    FROM_FUNCTION,   /* TUMBLE(logs, ts, INTERVAL '1' HOUR) */
} AstFromKind;

typedef struct AstSelect AstSelect;
typedef struct AstFrom AstFrom;

struct AstFrom {
    AstFromKind kind;
    Span span;
    const char *alias;               /* NULL if none */
    union {
        struct { const char *name; Span name_span; } table;
        AstSelect *subquery;
        struct {
            AstJoinKind kind;
            AstFrom *left, *right;
            AstExpr *on;             /* NULL for CROSS JOIN */
        } join;
        struct {
            const char *name;        /* lower-cased */
            AstList *args;           /* AstExpr*; a table argument is an AST_COLUMN */
        } func;
    };
};

typedef struct AstSelectItem {
    AstExpr *expr;                   /* may be AST_STAR */
    const char *alias;               /* NULL if none */
    Span span;
} AstSelectItem;

typedef struct AstOrderItem {
    AstExpr *expr;
    bool desc;
    int nulls;                       /* 0 default, 1 NULLS FIRST, 2 NULLS LAST */
} AstOrderItem;

typedef enum AstEmitMode {
    EMIT_DEFAULT,                    /* no EMIT clause */
    EMIT_APPEND,                     /* EMIT APPEND */
    EMIT_UPDATE,                     /* EMIT UPDATE / EMIT CHANGES */
    EMIT_COMPLETE,
    EMIT_FINAL,                      /* EMIT FINAL: as APPEND; over bounded
                                        inputs also one result at their end */
} AstEmitMode;

typedef struct AstCte {
    const char *name;
    Span span;
    AstSelect *query;
} AstCte;

struct AstSelect {
    Span span;
    AstList *ctes;                   /* AstCte*; NULL if no WITH */
    bool distinct;                   /* SELECT DISTINCT */
    AstList *items;                  /* AstSelectItem* */
    AstFrom *from;                   /* NULL: SELECT without FROM */
    AstExpr *where;
    AstList *group_by;               /* AstExpr*; NULL if none */
    AstExpr *having;
    AstEmitMode emit;
    Span emit_span;
    AstExpr *every;                  /* EMIT ... EVERY <interval>, or NULL */
    AstList *order_by;               /* AstOrderItem*; NULL if none */
    AstExpr *limit;
};

/* ---- statements --------------------------------------------------- */

typedef enum AstStmtKind {
    STMT_CREATE_SOURCE,   /* CREATE STREAM / CREATE TABLE */
    STMT_CREATE_SINK,
    STMT_DROP,
    STMT_SHOW,
    STMT_DESCRIBE,
    STMT_SET,
    STMT_SELECT,
    STMT_INSERT,
    STMT_EXPLAIN,
    STMT_STOP,            /* STOP QUERY n / TERMINATE n */
    STMT_HELP,
    STMT_RESET,           /* RESET name (set.name; "all" for every setting) */
} AstStmtKind;

typedef enum AstObjectKind { OBJ_STREAM, OBJ_TABLE, OBJ_SINK } AstObjectKind;

typedef enum AstShowWhat {
    SHOW_STREAMS, SHOW_TABLES, SHOW_SINKS, SHOW_QUERIES, SHOW_PROGRESS,
    SHOW_SETTINGS, SHOW_FUNCTIONS,
    SHOW_CREATE,          /* SHOW CREATE STREAM|TABLE|SINK name */
} AstShowWhat;

typedef enum AstExplainLevel { EXPLAIN_ALL, EXPLAIN_LOGICAL, EXPLAIN_PHYSICAL } AstExplainLevel;

typedef struct AstColumnDef {
    const char *name;
    const char *type_name;           /* lower-cased, as written */
    Span span, type_span;
} AstColumnDef;

typedef struct AstOption {
    const char *key;                 /* lower-cased */
    const char *value;               /* string, number or word, unquoted */
    Span span, value_span;
} AstOption;

typedef struct AstStmt {
    AstStmtKind kind;
    Span span;                       /* the whole statement, without ';' */
    union {
        struct {
            AstObjectKind kind;      /* OBJ_STREAM or OBJ_TABLE */
            const char *name;
            Span name_span;
            bool if_not_exists;
            AstList *columns;        /* AstColumnDef* */
            const char *wm_column;   /* WATERMARK FOR col AS expr; NULL if none */
            AstExpr *wm_expr;        /* e.g. ts - INTERVAL '10' SECOND */
            Span wm_span;
            AstList *options;        /* AstOption*; may be empty */
        } create;
        struct {
            const char *name;
            Span name_span;
            AstList *options;
        } create_sink;
        struct {
            AstObjectKind kind;
            const char *name;
            Span name_span;
            bool if_exists;
        } drop;
        struct {
            AstShowWhat what;
            AstObjectKind kind;      /* SHOW CREATE: what and which */
            const char *name;
            Span name_span;
        } show;
        struct { const char *name; Span name_span; } describe;
        struct {
            const char *name;        /* lower-cased */
            const char *value;       /* unquoted */
            Span value_span;
        } set;
        AstSelect *select;           /* STMT_SELECT */
        struct {
            const char *sink;
            Span sink_span;
            AstSelect *query;
        } insert;
        struct {
            AstExplainLevel level;
            struct AstStmt *stmt;    /* a SELECT or INSERT */
        } explain;
        struct { int64_t id; Span id_span; } stop;
        struct { const char *topic; } help;   /* HELP [word]; NULL for all */
    };
} AstStmt;

/* Constructors used by the parser (all allocate in `a`). */
AstExpr *ast_expr_new(Arena *a, AstExprKind kind, Span span);
AstStmt *ast_stmt_new(Arena *a, AstStmtKind kind, Span span);
AstSelect *ast_select_new(Arena *a, Span span);
AstFrom *ast_from_new(Arena *a, AstFromKind kind, Span span);

/* A one-line S-expression of a node, for tests and debugging, e.g.
 * (select (items (col a) (call count (star))) (from (table logs)) ...). */
void ast_print_expr(const AstExpr *e, StrBuf *out);
void ast_print_select(const AstSelect *s, StrBuf *out);
void ast_print_stmt(const AstStmt *s, StrBuf *out);

const char *ast_binop_name(AstBinOp op);   /* "+", "=", "AND", "||", ... */

#endif
