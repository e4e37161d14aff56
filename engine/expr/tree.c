/* tree — inspecting, copying and printing Expr trees (for the optimizer
 * and EXPLAIN): constness, volatility, columns read, substitution,
 * renumbering, structural equality and SQL-ish text. Copies share
 * immutable parts (constants' strings, fn_state) with the original. */
#include <string.h>

#include "engine/base/timeutil.h"
#include "expr_int.h"

bool expr_is_volatile(const Expr *e)
{
    if (e->kind == EXPR_CALL && (e->fn->flags & FN_VOLATILE)) return true;
    for (int j = 0; j < e->n_args; j++)
        if (expr_is_volatile(e->args[j])) return true;
    return false;
}

bool expr_is_const(const Expr *e)
{
    if (e->kind == EXPR_COLUMN) return false;
    if (e->kind == EXPR_CALL && (e->fn->flags & FN_VOLATILE)) return false;
    for (int j = 0; j < e->n_args; j++)
        if (!expr_is_const(e->args[j])) return false;
    return true;
}

void expr_columns_used(const Expr *e, bool *used, int n_cols)
{
    if (e->kind == EXPR_COLUMN && e->column >= 0 && e->column < n_cols) used[e->column] = true;
    for (int j = 0; j < e->n_args; j++) expr_columns_used(e->args[j], used, n_cols);
}

/* A shallow copy of e with its own args array. */
static Expr *copy_node(Arena *a, const Expr *e)
{
    Expr *c = ARENA_NEW(a, Expr);
    *c = *e;
    if (e->n_args > 0) {
        c->args = ARENA_ARRAY(a, Expr *, e->n_args);
        memcpy(c->args, e->args, sizeof(Expr *) * (size_t)e->n_args);
    }
    return c;
}

static Expr *copy_tree(Arena *a, const Expr *e, Expr *const *repl, const int *map)
{
    if (e->kind == EXPR_COLUMN) {
        if (repl) return copy_tree(a, repl[e->column], NULL, NULL);
        Expr *c = copy_node(a, e);
        if (map) c->column = map[e->column];
        return c;
    }
    Expr *c = copy_node(a, e);
    for (int j = 0; j < e->n_args; j++) c->args[j] = copy_tree(a, e->args[j], repl, map);
    return c;
}

Expr *expr_substitute(Arena *a, const Expr *e, Expr *const *repl)
{
    return copy_tree(a, e, repl, NULL);
}

Expr *expr_remap(Arena *a, const Expr *e, const int *map)
{
    return copy_tree(a, e, NULL, map);
}

static bool value_equal(const Value *x, const Value *y)
{
    if (x->type != y->type || x->is_null != y->is_null) return false;
    if (x->is_null) return true;
    switch (x->type) {
    case TYPE_BOOL: return x->b == y->b;
    case TYPE_DOUBLE: return memcmp(&x->d, &y->d, sizeof(double)) == 0;
    case TYPE_TEXT:
        return x->s.len == y->s.len && (!x->s.len || memcmp(x->s.ptr, y->s.ptr, x->s.len) == 0);
    case TYPE_NULL: return true;
    default: return x->i == y->i;
    }
}

bool expr_equal(const Expr *a, const Expr *b)
{
    if (a == b) return true;
    if (!a || !b || a->kind != b->kind || a->type != b->type || a->n_args != b->n_args ||
        a->negated != b->negated || a->has_else != b->has_else)
        return false;
    switch (a->kind) {
    case EXPR_CONST: return value_equal(&a->value, &b->value);
    case EXPR_COLUMN: return a->column == b->column;
    case EXPR_CALL: if (a->fn != b->fn) return false; break;
    default: break;
    }
    for (int j = 0; j < a->n_args; j++)
        if (!expr_equal(a->args[j], b->args[j])) return false;
    return true;
}

/* ---- printing -------------------------------------------------------- */

static void print_value(const Value *v, StrBuf *out)
{
    if (v->is_null || v->type == TYPE_NULL) { sb_puts(out, "NULL"); return; }
    switch (v->type) {
    case TYPE_BOOL: sb_puts(out, v->b ? "TRUE" : "FALSE"); return;
    case TYPE_TEXT:
        sb_putc(out, '\'');
        for (uint32_t i = 0; i < v->s.len; i++) {
            if (v->s.ptr[i] == '\'') sb_putc(out, '\'');
            sb_putc(out, v->s.ptr[i]);
        }
        sb_putc(out, '\'');
        return;
    case TYPE_TIMESTAMP:
        sb_puts(out, "TIMESTAMP '");
        time_format_timestamp(v->i, out);
        sb_putc(out, '\'');
        return;
    case TYPE_INTERVAL:
        sb_puts(out, "INTERVAL '");
        time_format_interval(v->i, out);
        sb_putc(out, '\'');
        return;
    default:
        value_format(v, out);
    }
}

static void print_list(const Expr *e, int from, StrBuf *out)
{
    for (int j = from; j < e->n_args; j++) {
        if (j > from) sb_puts(out, ", ");
        expr_print(e->args[j], out);
    }
}

static void print_call(const Expr *e, StrBuf *out)
{
    const char *n = e->name;
    if (e->fn->flags & FN_OPERATOR) {
        if (e->n_args == 1) {
            /* - of a negative constant: "(- -5)", never "--5" (a comment). */
            StrBuf arg = STRBUF_INIT;
            expr_print(e->args[0], &arg);
            sb_puts(out, arg.len && arg.data[0] == '-' ? "(- " : "(-");
            sb_append(out, arg.data, arg.len);
            sb_free(&arg);
        } else {
            sb_putc(out, '(');
            expr_print(e->args[0], out);
            bool word = strcmp(n, "like") == 0 || strcmp(n, "not like") == 0;
            sb_printf(out, " %s ", word ? (n[0] == 'l' ? "LIKE" : "NOT LIKE") : n);
            expr_print(e->args[1], out);
        }
        sb_putc(out, ')');
        return;
    }
    if (strcmp(n, "current_timestamp") == 0) { sb_puts(out, n); return; }
    sb_printf(out, "%s(", n);
    print_list(e, 0, out);
    sb_putc(out, ')');
}

void expr_print(const Expr *e, StrBuf *out)
{
    switch (e->kind) {
    case EXPR_CONST: print_value(&e->value, out); return;
    case EXPR_COLUMN:
        if (e->name) sb_puts(out, e->name);
        else sb_printf(out, "#%d", e->column);
        return;
    case EXPR_CALL: print_call(e, out); return;
    case EXPR_CAST:
        if (e->implicit) { expr_print(e->args[0], out); return; }
        sb_puts(out, "CAST(");
        expr_print(e->args[0], out);
        sb_printf(out, " AS %s)", type_name(e->type));
        return;
    case EXPR_AND: case EXPR_OR:
        sb_putc(out, '(');
        for (int j = 0; j < e->n_args; j++) {
            if (j) sb_puts(out, e->kind == EXPR_AND ? " AND " : " OR ");
            expr_print(e->args[j], out);
        }
        sb_putc(out, ')');
        return;
    case EXPR_NOT:
        sb_puts(out, "(NOT ");
        expr_print(e->args[0], out);
        sb_putc(out, ')');
        return;
    case EXPR_IS_NULL:
        sb_putc(out, '(');
        expr_print(e->args[0], out);
        sb_puts(out, e->negated ? " IS NOT NULL)" : " IS NULL)");
        return;
    case EXPR_CASE:
        sb_puts(out, "CASE");
        for (int j = 0; j + 1 < e->n_args; j += 2) {
            sb_puts(out, " WHEN ");
            expr_print(e->args[j], out);
            sb_puts(out, " THEN ");
            expr_print(e->args[j + 1], out);
        }
        if (e->has_else) {
            sb_puts(out, " ELSE ");
            expr_print(e->args[e->n_args - 1], out);
        }
        sb_puts(out, " END");
        return;
    case EXPR_IN:
        sb_putc(out, '(');
        expr_print(e->args[0], out);
        sb_puts(out, e->negated ? " NOT IN (" : " IN (");
        print_list(e, 1, out);
        sb_puts(out, "))");
        return;
    case EXPR_COALESCE:
        sb_puts(out, "coalesce(");
        print_list(e, 0, out);
        sb_putc(out, ')');
        return;
    }
}
