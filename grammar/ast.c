/* ast — node constructors, lists and S-expression printers (see ast.h).
 *
 * Does: allocate nodes in the parse arena; print any node as a one-line
 * S-expression for tests and debugging.
 * Does not: validate trees (the parser builds only valid shapes; meaning is
 * engine/analyze's job) or free anything (the arena owns every node).
 *
 * The printed format, stable because tests compare it:
 *
 *   names        a, t.a, window.start; a name that is not [a-z_][a-z0-9_]*
 *                is double-quoted ("Foo", "a b"), "" doubling a quote
 *   literals     42  1.5  1e+20  'it''s'  true  false  null
 *                (interval '10' second)  (interval '10 seconds')
 *                (timestamp '2023-04-16 09:00:00')
 *                a float always shows a '.', an 'e', "inf" or "nan"
 *   star         *  t.*
 *   operators    (- x) (+ x) (not x)   (+ a b) (= a b) (<> a b) (and a b)
 *                (or a b) (|| a b)
 *   predicates   (is-null x) (is-not-null x) (in x a b) (not-in x a b)
 *                (between x lo hi) (not-between ...) (like x p)
 *                (not-like x p)
 *   others       (case [operand] (when c r)... [(else e)])  (cast x int)
 *                (call f a b) (call count *) (call count :distinct x)
 *                (call current_timestamp :no-parens)  (index x i)
 *   select       (select [(with (cte n (select ...))...)] [:distinct]
 *                  (items item...) [(from f)] [(where e)] [(group-by e...)]
 *                  [(having e)] [(emit mode [(every e)])]
 *                  [(order-by (asc|desc e [:nulls-first|:nulls-last])...)]
 *                  [(limit e)])
 *                an item is e or (as e alias); mode is append, update,
 *                complete, or default (EMIT EVERY alone)
 *   from         (table t)  (subquery (select ...))  (func tumble arg...)
 *                (join inner|left|right|full|left-semi l r on-expr)
 *                (join cross l r); an alias wraps: (as (table t) x)
 *   statements   (create-stream|create-table [:if-not-exists] name
 *                  [(columns (c type)...)] [(watermark c e)]
 *                  [(with (key 'value')...)])
 *                (create-sink name (with ...))
 *                (drop stream|table|sink [:if-exists] name)
 *                (show streams|tables|sinks|queries|progress)
 *                (describe name)  (set name 'value')  (insert sink (select ...))
 *                (explain [logical|physical] stmt)  (stop n)  (help [topic])
 *                option and SET values print as quoted text, whatever
 *                their spelling in the source. */
#include "ast.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

AstList *ast_list_new(Arena *a)
{
    return ARENA_NEW(a, AstList);
}

void ast_list_push(Arena *a, AstList *l, void *item)
{
    if (l->n == l->cap) {
        int cap = l->cap ? l->cap * 2 : 4;
        void **items = ARENA_ARRAY(a, void *, cap);
        if (l->n) memcpy(items, l->items, sizeof(void *) * (size_t)l->n);
        l->items = items;
        l->cap = cap;
    }
    l->items[l->n++] = item;
}

AstExpr *ast_expr_new(Arena *a, AstExprKind kind, Span span)
{
    AstExpr *e = ARENA_NEW(a, AstExpr);
    e->kind = kind;
    e->span = span;
    return e;
}

AstStmt *ast_stmt_new(Arena *a, AstStmtKind kind, Span span)
{
    AstStmt *s = ARENA_NEW(a, AstStmt);
    s->kind = kind;
    s->span = span;
    return s;
}

AstSelect *ast_select_new(Arena *a, Span span)
{
    AstSelect *s = ARENA_NEW(a, AstSelect);
    s->span = span;
    s->emit_span = SPAN_NONE;
    return s;
}

AstFrom *ast_from_new(Arena *a, AstFromKind kind, Span span)
{
    AstFrom *f = ARENA_NEW(a, AstFrom);
    f->kind = kind;
    f->span = span;
    return f;
}

const char *ast_binop_name(AstBinOp op)
{
    static const char *const names[] = {
        [OP_ADD] = "+", [OP_SUB] = "-", [OP_MUL] = "*", [OP_DIV] = "/",
        [OP_MOD] = "%", [OP_EQ] = "=", [OP_NE] = "<>", [OP_LT] = "<",
        [OP_LE] = "<=", [OP_GT] = ">", [OP_GE] = ">=", [OP_AND] = "AND",
        [OP_OR] = "OR", [OP_CONCAT] = "||",
    };
    if ((unsigned)op < sizeof names / sizeof names[0] && names[op])
        return names[op];
    return "?";
}

/* ---- printing -------------------------------------------------------- */

static void print_name(StrBuf *out, const char *s)
{
    bool plain = s[0] != '\0' && !(s[0] >= '0' && s[0] <= '9');
    for (const char *p = s; *p && plain; p++)
        plain = (*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9') || *p == '_';
    if (plain) {
        sb_puts(out, s);
        return;
    }
    sb_putc(out, '"');
    for (const char *p = s; *p; p++) {
        if (*p == '"') sb_putc(out, '"');
        sb_putc(out, *p);
    }
    sb_putc(out, '"');
}

static void print_string(StrBuf *out, const char *s)
{
    sb_putc(out, '\'');
    for (const char *p = s; *p; p++) {
        if (*p == '\'') sb_putc(out, '\'');
        sb_putc(out, *p);
    }
    sb_putc(out, '\'');
}

/* The shortest %g that reads back as the same double, marked as a float. */
static void print_float(StrBuf *out, double f)
{
    char buf[40];
    for (int prec = 15; prec <= 17; prec++) {
        snprintf(buf, sizeof buf, "%.*g", prec, f);
        if (isnan(f) || strtod(buf, NULL) == f) break;
    }
    sb_puts(out, buf);
    if (!strpbrk(buf, ".eni")) sb_puts(out, ".0");
}

static void print_list(StrBuf *out, const AstList *l)
{
    for (int i = 0; l && i < l->n; i++) {
        sb_putc(out, ' ');
        ast_print_expr(l->items[i], out);
    }
}

static void print_literal(const AstExpr *e, StrBuf *out)
{
    switch (e->lit.kind) {
    case LIT_NULL: sb_puts(out, "null"); break;
    case LIT_BOOL: sb_puts(out, e->lit.b ? "true" : "false"); break;
    case LIT_INT: sb_printf(out, "%lld", (long long)e->lit.i); break;
    case LIT_FLOAT: print_float(out, e->lit.f); break;
    case LIT_STRING: print_string(out, e->lit.s); break;
    case LIT_INTERVAL:
        sb_puts(out, "(interval ");
        print_string(out, e->lit.s);
        if (e->lit.unit) sb_printf(out, " %s", e->lit.unit);
        sb_putc(out, ')');
        break;
    case LIT_TIMESTAMP:
        sb_puts(out, "(timestamp ");
        print_string(out, e->lit.s);
        sb_putc(out, ')');
        break;
    }
}

static const char *sexp_binop(AstBinOp op)
{
    switch (op) {
    case OP_AND: return "and";
    case OP_OR: return "or";
    default: return ast_binop_name(op);
    }
}

void ast_print_expr(const AstExpr *e, StrBuf *out)
{
    if (!e) {
        sb_puts(out, "nil");
        return;
    }
    switch (e->kind) {
    case AST_LITERAL:
        print_literal(e, out);
        break;
    case AST_COLUMN:
        if (e->column.qualifier) {
            print_name(out, e->column.qualifier);
            sb_putc(out, '.');
        }
        print_name(out, e->column.name);
        break;
    case AST_STAR:
        if (e->star.qualifier) {
            print_name(out, e->star.qualifier);
            sb_putc(out, '.');
        }
        sb_putc(out, '*');
        break;
    case AST_UNARY:
        sb_printf(out, "(%s ", e->unary.op == OP_NEG ? "-"
                               : e->unary.op == OP_PLUS ? "+" : "not");
        ast_print_expr(e->unary.arg, out);
        sb_putc(out, ')');
        break;
    case AST_BINARY:
        sb_printf(out, "(%s ", sexp_binop(e->binary.op));
        ast_print_expr(e->binary.left, out);
        sb_putc(out, ' ');
        ast_print_expr(e->binary.right, out);
        sb_putc(out, ')');
        break;
    case AST_IS_NULL:
        sb_puts(out, e->is_null.negated ? "(is-not-null " : "(is-null ");
        ast_print_expr(e->is_null.arg, out);
        sb_putc(out, ')');
        break;
    case AST_IN:
        sb_puts(out, e->in.negated ? "(not-in " : "(in ");
        ast_print_expr(e->in.arg, out);
        print_list(out, e->in.list);
        sb_putc(out, ')');
        break;
    case AST_BETWEEN:
        sb_puts(out, e->between.negated ? "(not-between " : "(between ");
        ast_print_expr(e->between.arg, out);
        sb_putc(out, ' ');
        ast_print_expr(e->between.lo, out);
        sb_putc(out, ' ');
        ast_print_expr(e->between.hi, out);
        sb_putc(out, ')');
        break;
    case AST_LIKE:
        sb_puts(out, e->like.negated ? "(not-like " : "(like ");
        ast_print_expr(e->like.arg, out);
        sb_putc(out, ' ');
        ast_print_expr(e->like.pattern, out);
        sb_putc(out, ')');
        break;
    case AST_CASE:
        sb_puts(out, "(case");
        if (e->kase.operand) {
            sb_putc(out, ' ');
            ast_print_expr(e->kase.operand, out);
        }
        for (int i = 0; e->kase.whens && i < e->kase.whens->n; i++) {
            const AstWhen *w = e->kase.whens->items[i];
            sb_puts(out, " (when ");
            ast_print_expr(w->when, out);
            sb_putc(out, ' ');
            ast_print_expr(w->then, out);
            sb_putc(out, ')');
        }
        if (e->kase.else_) {
            sb_puts(out, " (else ");
            ast_print_expr(e->kase.else_, out);
            sb_putc(out, ')');
        }
        sb_putc(out, ')');
        break;
    case AST_CAST:
        sb_puts(out, "(cast ");
        ast_print_expr(e->cast.arg, out);
        sb_putc(out, ' ');
        print_name(out, e->cast.type_name);
        sb_putc(out, ')');
        break;
    case AST_CALL:
        sb_puts(out, "(call ");
        print_name(out, e->call.name);
        if (e->call.distinct) sb_puts(out, " :distinct");
        if (e->call.no_parens) sb_puts(out, " :no-parens");
        print_list(out, e->call.args);
        sb_putc(out, ')');
        break;
    case AST_SUBSCRIPT:
        sb_puts(out, "(index ");
        ast_print_expr(e->subscript.arg, out);
        sb_putc(out, ' ');
        ast_print_expr(e->subscript.index, out);
        sb_putc(out, ')');
        break;
    }
}

static void print_from(const AstFrom *f, StrBuf *out)
{
    static const char *const joins[] = {
        [JOIN_INNER] = "inner", [JOIN_LEFT] = "left", [JOIN_RIGHT] = "right",
        [JOIN_FULL] = "full", [JOIN_LEFT_SEMI] = "left-semi",
        [JOIN_CROSS] = "cross",
    };
    if (f->alias) sb_puts(out, "(as ");
    switch (f->kind) {
    case FROM_TABLE:
        sb_puts(out, "(table ");
        print_name(out, f->table.name);
        sb_putc(out, ')');
        break;
    case FROM_SUBQUERY:
        sb_puts(out, "(subquery ");
        ast_print_select(f->subquery, out);
        sb_putc(out, ')');
        break;
    case FROM_JOIN:
        sb_printf(out, "(join %s ", joins[f->join.kind]);
        print_from(f->join.left, out);
        sb_putc(out, ' ');
        print_from(f->join.right, out);
        if (f->join.on) {
            sb_putc(out, ' ');
            ast_print_expr(f->join.on, out);
        }
        sb_putc(out, ')');
        break;
    case FROM_FUNCTION:
        sb_puts(out, "(func ");
        print_name(out, f->func.name);
        print_list(out, f->func.args);
        sb_putc(out, ')');
        break;
    }
    if (f->alias) {
        sb_putc(out, ' ');
        print_name(out, f->alias);
        sb_putc(out, ')');
    }
}

static void print_expr_clause(StrBuf *out, const char *name, const AstExpr *e)
{
    if (!e) return;
    sb_printf(out, " (%s ", name);
    ast_print_expr(e, out);
    sb_putc(out, ')');
}

void ast_print_select(const AstSelect *s, StrBuf *out)
{
    static const char *const modes[] = {
        [EMIT_DEFAULT] = "default", [EMIT_APPEND] = "append", [EMIT_FINAL] = "final",
        [EMIT_UPDATE] = "update", [EMIT_COMPLETE] = "complete",
    };
    sb_puts(out, "(select");
    if (s->ctes) {
        sb_puts(out, " (with");
        for (int i = 0; i < s->ctes->n; i++) {
            const AstCte *c = s->ctes->items[i];
            sb_puts(out, " (cte ");
            print_name(out, c->name);
            sb_putc(out, ' ');
            ast_print_select(c->query, out);
            sb_putc(out, ')');
        }
        sb_putc(out, ')');
    }
    if (s->distinct) sb_puts(out, " :distinct");
    sb_puts(out, " (items");
    for (int i = 0; s->items && i < s->items->n; i++) {
        const AstSelectItem *it = s->items->items[i];
        sb_putc(out, ' ');
        if (it->alias) sb_puts(out, "(as ");
        ast_print_expr(it->expr, out);
        if (it->alias) {
            sb_putc(out, ' ');
            print_name(out, it->alias);
            sb_putc(out, ')');
        }
    }
    sb_putc(out, ')');
    if (s->from) {
        sb_puts(out, " (from ");
        print_from(s->from, out);
        sb_putc(out, ')');
    }
    print_expr_clause(out, "where", s->where);
    if (s->group_by) {
        sb_puts(out, " (group-by");
        print_list(out, s->group_by);
        sb_putc(out, ')');
    }
    print_expr_clause(out, "having", s->having);
    if (s->emit != EMIT_DEFAULT || s->every) {
        sb_printf(out, " (emit %s", modes[s->emit]);
        print_expr_clause(out, "every", s->every);
        sb_putc(out, ')');
    }
    if (s->order_by) {
        sb_puts(out, " (order-by");
        for (int i = 0; i < s->order_by->n; i++) {
            const AstOrderItem *o = s->order_by->items[i];
            sb_puts(out, o->desc ? " (desc " : " (asc ");
            ast_print_expr(o->expr, out);
            if (o->nulls == 1) sb_puts(out, " :nulls-first");
            if (o->nulls == 2) sb_puts(out, " :nulls-last");
            sb_putc(out, ')');
        }
        sb_putc(out, ')');
    }
    print_expr_clause(out, "limit", s->limit);
    sb_putc(out, ')');
}

static void print_options(StrBuf *out, const AstList *opts)
{
    if (!opts || opts->n == 0) return;
    sb_puts(out, " (with");
    for (int i = 0; i < opts->n; i++) {
        const AstOption *o = opts->items[i];
        sb_puts(out, " (");
        print_name(out, o->key);
        sb_putc(out, ' ');
        print_string(out, o->value);
        sb_putc(out, ')');
    }
    sb_putc(out, ')');
}

static const char *object_name(AstObjectKind k)
{
    return k == OBJ_STREAM ? "stream" : k == OBJ_TABLE ? "table" : "sink";
}

void ast_print_stmt(const AstStmt *s, StrBuf *out)
{
    static const char *const shows[] = {
        [SHOW_STREAMS] = "streams", [SHOW_TABLES] = "tables",
        [SHOW_SINKS] = "sinks", [SHOW_QUERIES] = "queries",
        [SHOW_PROGRESS] = "progress", [SHOW_SETTINGS] = "settings",
        [SHOW_FUNCTIONS] = "functions", [SHOW_CREATE] = "create",
    };
    switch (s->kind) {
    case STMT_CREATE_SOURCE:
        sb_printf(out, "(create-%s ", object_name(s->create.kind));
        if (s->create.if_not_exists) sb_puts(out, ":if-not-exists ");
        print_name(out, s->create.name);
        if (s->create.columns && s->create.columns->n) {
            sb_puts(out, " (columns");
            for (int i = 0; i < s->create.columns->n; i++) {
                const AstColumnDef *c = s->create.columns->items[i];
                sb_puts(out, " (");
                print_name(out, c->name);
                sb_putc(out, ' ');
                print_name(out, c->type_name);
                sb_putc(out, ')');
            }
            sb_putc(out, ')');
        }
        if (s->create.wm_column) {
            sb_puts(out, " (watermark ");
            print_name(out, s->create.wm_column);
            sb_putc(out, ' ');
            ast_print_expr(s->create.wm_expr, out);
            sb_putc(out, ')');
        }
        print_options(out, s->create.options);
        sb_putc(out, ')');
        break;
    case STMT_CREATE_SINK:
        sb_puts(out, "(create-sink ");
        print_name(out, s->create_sink.name);
        print_options(out, s->create_sink.options);
        sb_putc(out, ')');
        break;
    case STMT_DROP:
        sb_printf(out, "(drop %s ", object_name(s->drop.kind));
        if (s->drop.if_exists) sb_puts(out, ":if-exists ");
        print_name(out, s->drop.name);
        sb_putc(out, ')');
        break;
    case STMT_SHOW:
        sb_printf(out, "(show %s", shows[s->show.what]);
        if (s->show.what == SHOW_CREATE) {
            sb_printf(out, " %s ", object_name(s->show.kind));
            print_name(out, s->show.name);
        }
        sb_putc(out, ')');
        break;
    case STMT_DESCRIBE:
        sb_puts(out, "(describe ");
        print_name(out, s->describe.name);
        sb_putc(out, ')');
        break;
    case STMT_SET:
        sb_puts(out, "(set ");
        print_name(out, s->set.name);
        sb_putc(out, ' ');
        print_string(out, s->set.value);
        sb_putc(out, ')');
        break;
    case STMT_SELECT:
        ast_print_select(s->select, out);
        break;
    case STMT_INSERT:
        sb_puts(out, "(insert ");
        print_name(out, s->insert.sink);
        sb_putc(out, ' ');
        ast_print_select(s->insert.query, out);
        sb_putc(out, ')');
        break;
    case STMT_EXPLAIN:
        sb_puts(out, "(explain ");
        if (s->explain.level == EXPLAIN_LOGICAL) sb_puts(out, "logical ");
        if (s->explain.level == EXPLAIN_PHYSICAL) sb_puts(out, "physical ");
        ast_print_stmt(s->explain.stmt, out);
        sb_putc(out, ')');
        break;
    case STMT_STOP:
        sb_printf(out, "(stop %lld)", (long long)s->stop.id);
        break;
    case STMT_RESET:
        sb_puts(out, "(reset ");
        print_name(out, s->set.name);
        sb_putc(out, ')');
        break;
    case STMT_HELP:
        sb_puts(out, "(help");
        if (s->help.topic) {
            sb_putc(out, ' ');
            print_name(out, s->help.topic);
        }
        sb_putc(out, ')');
        break;
    }
}
