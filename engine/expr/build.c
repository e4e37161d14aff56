/* build — constructing typed Expr trees: constants, columns, calls with
 * overload resolution and implicit casts, CAST, and the logical nodes.
 *
 * Implicit casts (cheapest overload wins, table order breaks ties):
 *   NULL literal -> any type; BIGINT -> DOUBLE;
 *   TEXT -> DOUBLE for arithmetic operators (Spark sums text columns);
 *   any -> TEXT for || and concat; TEXT -> TIMESTAMP for time functions;
 *   comparisons and IN cast a TEXT operand to the other operand's type.
 * Errors name the function and the argument types, with a hint listing
 * what exists; they carry the call's span. No folding happens here. */
#include <stdio.h>
#include <string.h>

#include "expr_int.h"

Expr *expr_node(Arena *a, ExprKind kind, Type type, Span span, Expr **args, int n)
{
    Expr *e = ARENA_NEW(a, Expr);
    e->kind = kind;
    e->type = type;
    e->span = span;
    e->n_args = n;
    if (n > 0) {
        e->args = ARENA_ARRAY(a, Expr *, n);
        memcpy(e->args, args, sizeof(Expr *) * (size_t)n);
    }
    return e;
}

Expr *expr_const(Arena *a, Value v, Span span)
{
    Expr *e = expr_node(a, EXPR_CONST, v.type, span, NULL, 0);
    if (v.type == TYPE_NULL) v.is_null = true;
    if (!v.is_null && v.type == TYPE_TEXT)
        v.s.ptr = v.s.len ? arena_memdup(a, v.s.ptr, v.s.len) : "";
    e->value = v;
    return e;
}

Expr *expr_column(Arena *a, int index, Type type, const char *name, Span span)
{
    Expr *e = expr_node(a, EXPR_COLUMN, type, span, NULL, 0);
    e->column = index;
    e->name = name ? arena_strdup(a, name) : NULL;
    return e;
}

Expr *expr_coerce(Arena *a, Expr *e, Type to)
{
    if (e->type == to) return e;
    if (e->kind == EXPR_CONST && e->value.is_null) return expr_const(a, value_null(to), e->span);
    Expr *c = expr_node(a, EXPR_CAST, to, e->span, &e, 1);
    c->implicit = true;
    return c;
}

int expr_prepare_call(Arena *aa, Expr *call, Diag *d)
{
    return call->fn->prepare ? call->fn->prepare(aa, call, d) : 0;
}

/* ---- type rules ------------------------------------------------------ */

/* Cost of passing `from` where a FuncDef with `flags` wants `to`; -1 if
 * not implicitly possible. */
static int cast_cost(Type from, Type to, unsigned flags)
{
    if (from == to) return 0;
    if (from == TYPE_NULL) return 1;
    if (from == TYPE_INT64 && to == TYPE_DOUBLE) return 1;
    if (from == TYPE_TEXT && to == TYPE_DOUBLE && (flags & FN_TEXT_TO_NUM)) return 2;
    if (from == TYPE_TEXT && to == TYPE_TIMESTAMP && (flags & FN_TEXT_TO_TS)) return 2;
    if (to == TYPE_TEXT && (flags & FN_ANY_TO_TEXT)) return 2;
    return -1;
}

/* The type two operands are compared as, or TYPE_COUNT if they cannot be. */
static Type compare_type(Type a, Type b)
{
    if (a == b) return a;
    if (a == TYPE_NULL) return b;
    if (b == TYPE_NULL) return a;
    if (type_is_numeric(a) && type_is_numeric(b)) return TYPE_DOUBLE;
    if (a == TYPE_TEXT) return b;
    if (b == TYPE_TEXT) return a;
    return TYPE_COUNT;
}

/* The type of CASE/COALESCE results: numbers widen, anything goes to
 * TEXT; TYPE_COUNT when impossible. */
static Type super_type(Type a, Type b)
{
    if (a == b) return a;
    if (a == TYPE_NULL) return b;
    if (b == TYPE_NULL) return a;
    if (type_is_numeric(a) && type_is_numeric(b)) return TYPE_DOUBLE;
    if (a == TYPE_TEXT || b == TYPE_TEXT) return TYPE_TEXT;
    return TYPE_COUNT;
}

/* ---- error messages -------------------------------------------------- */

static const char *op_symbol(const char *name)
{
    if (strcmp(name, "neg") == 0) return "-";
    if (strcmp(name, "like") == 0) return "LIKE";
    if (strcmp(name, "not like") == 0) return "NOT LIKE";
    return name;
}

static void append_signature(StrBuf *sb, const FuncDef *f)
{
    sb_printf(sb, "%s(", f->name);
    for (int j = 0; j < f->n_args; j++) sb_printf(sb, "%s%s", j ? ", " : "", type_name(f->args[j]));
    if (f->flags & FN_VARIADIC) sb_puts(sb, ", ...");
    sb_putc(sb, ')');
}

static void hint_signatures(Diag *d, const char *name)
{
    StrBuf sb = STRBUF_INIT;
    int count = 0;
    for (int i = 0; i < expr_n_funcs; i++) {
        if (strcmp(expr_funcs[i].name, name) != 0) continue;
        if (count++) sb_puts(&sb, ", ");
        append_signature(&sb, &expr_funcs[i]);
    }
    diag_hint(d, "%s%s", count > 1 ? "expected one of: " : "expected ", sb_str(&sb));
    sb_free(&sb);
}

static void unknown_function(const char *name, Span span, Diag *d)
{
    const char *names[128];
    int n = 0;
    for (int i = 0; i < expr_n_funcs && n < 128; i++) {
        const FuncDef *f = &expr_funcs[i];
        if (f->flags & FN_OPERATOR || (n && strcmp(names[n - 1], f->name) == 0)) continue;
        names[n++] = f->name;
    }
    diag_error(d, span, "function \"%s\" does not exist", name);
    const char *best = diag_closest(name, names, n);
    if (best) diag_hint(d, "did you mean \"%s\"?", best);
    else diag_hint(d, "SHOW FUNCTIONS lists the functions");
}

static void no_overload(const char *name, unsigned flags, Expr **args, int n, Span span, Diag *d)
{
    StrBuf sb = STRBUF_INIT;
    if (flags & FN_OPERATOR) {
        if (n == 1) sb_printf(&sb, "%s %s", op_symbol(name), type_name(args[0]->type));
        else sb_printf(&sb, "%s %s %s", type_name(args[0]->type), op_symbol(name), type_name(args[1]->type));
        diag_error(d, span, "operator does not exist: %s", sb_str(&sb));
        diag_hint(d, "No operator matches the given name and argument types. "
                     "You might need to add explicit type casts.");
        sb_free(&sb);
        return;
    }
    /* Does any overload take this many arguments? */
    int lo = 99, hi = -1;
    bool variadic = false, arity_ok = false;
    for (int i = 0; i < expr_n_funcs; i++) {
        const FuncDef *f = &expr_funcs[i];
        if (strcmp(f->name, name) != 0) continue;
        variadic |= (f->flags & FN_VARIADIC) != 0;
        arity_ok |= f->flags & FN_VARIADIC ? n >= f->n_args : n == f->n_args;
        lo = f->n_args < lo ? f->n_args : lo;
        hi = f->n_args > hi ? f->n_args : hi;
    }
    if (!arity_ok) {
        if (variadic) sb_printf(&sb, "at least %d", lo);
        else if (lo == hi) sb_printf(&sb, "%d", lo);
        else if (hi == lo + 1) sb_printf(&sb, "%d or %d", lo, hi);
        else sb_printf(&sb, "%d to %d", lo, hi);
        diag_error(d, span, "function %s expects %s argument%s, got %d", name, sb_str(&sb),
                   hi == 1 && lo == 1 ? "" : "s", n);
    } else {
        for (int j = 0; j < n; j++) sb_printf(&sb, "%s%s", j ? ", " : "", type_name(args[j]->type));
        diag_error(d, span, "function %s(%s) does not exist", name, sb_str(&sb));
    }
    hint_signatures(d, name);
    sb_free(&sb);
}

/* ---- calls ----------------------------------------------------------- */

Expr *expr_call(Arena *aa, const char *name, Expr **args, int n, Span span, Diag *d)
{
    char low[64];
    size_t len = strlen(name);
    if (len >= sizeof low) { unknown_function(name, span, d); return NULL; }
    for (size_t i = 0; i <= len; i++)
        low[i] = (char)(name[i] >= 'A' && name[i] <= 'Z' ? name[i] + 32 : name[i]);
    const char *canon = registry_canonical(low);
    if (n == 1 && strcmp(canon, "-") == 0) canon = "neg";

    const FuncDef *first = NULL;
    for (int i = 0; i < expr_n_funcs && !first; i++)
        if (strcmp(expr_funcs[i].name, canon) == 0) first = &expr_funcs[i];
    if (!first) { unknown_function(low, span, d); return NULL; }

    Expr *cargs[n > 0 ? n : 1];
    if (n > 0) memcpy(cargs, args, sizeof(Expr *) * (size_t)n);
    if ((first->flags & FN_COMPARE) && n == 2 && cargs[0]->type != cargs[1]->type) {
        Type t = compare_type(cargs[0]->type, cargs[1]->type);
        for (int j = 0; j < 2 && t != TYPE_COUNT; j++)
            if (cargs[j]->type == TYPE_TEXT) cargs[j] = expr_coerce(aa, cargs[j], t);
    }

    const FuncDef *best = NULL;
    int best_cost = 1 << 20;
    for (const FuncDef *f = first; f < expr_funcs + expr_n_funcs; f++) {
        if (strcmp(f->name, canon) != 0) continue;
        bool variadic = f->flags & FN_VARIADIC;
        if (variadic ? n < f->n_args : n != f->n_args) continue;
        int cost = 0;
        for (int j = 0; j < n && cost >= 0; j++) {
            int c = cast_cost(cargs[j]->type, f->args[j < f->n_args ? j : f->n_args - 1], f->flags);
            cost = c < 0 ? -1 : cost + c;
        }
        if (cost >= 0 && cost < best_cost) { best = f; best_cost = cost; }
    }
    if (!best) { no_overload(canon, first->flags, args, n, span, d); return NULL; }

    for (int j = 0; j < n; j++)
        cargs[j] = expr_coerce(aa, cargs[j], best->args[j < best->n_args ? j : best->n_args - 1]);
    Expr *e = expr_node(aa, EXPR_CALL, best->ret, span, cargs, n);
    e->fn = best;
    e->name = best->name;
    if (expr_prepare_call(aa, e, d) < 0) return NULL;
    return e;
}

Expr *expr_cast(Arena *aa, Expr *e, Type to, Span span, Diag *d)
{
    if (!cast_allowed(e->type, to)) {
        diag_error(d, span, "cannot cast %s to %s", type_name(e->type), type_name(to));
        return NULL;
    }
    if (e->type == to) return e;
    if (e->kind == EXPR_CONST && e->value.is_null) return expr_const(aa, value_null(to), span);
    return expr_node(aa, EXPR_CAST, to, span, &e, 1);
}

/* ---- logical nodes --------------------------------------------------- */

static const char *kind_name(ExprKind k)
{
    switch (k) {
    case EXPR_AND: return "AND";
    case EXPR_OR: return "OR";
    case EXPR_NOT: return "NOT";
    case EXPR_CASE: return "CASE";
    case EXPR_IN: return "IN";
    case EXPR_COALESCE: return "COALESCE";
    default: return "expression";
    }
}

/* Coerce args[j] to BOOLEAN or report `what` at its span. */
static bool want_bool(Arena *aa, Expr **arg, const char *what, Diag *d)
{
    Type t = (*arg)->type;
    if (t != TYPE_BOOL && t != TYPE_NULL) {
        diag_error(d, (*arg)->span, "argument of %s must be BOOLEAN, not %s", what, type_name(t));
        return false;
    }
    *arg = expr_coerce(aa, *arg, TYPE_BOOL);
    return true;
}

/* The common type of args[0..n): comparison rules for IN, result rules
 * for CASE and COALESCE. */
static Type common_type(Expr *const *args, int n, bool compare, const char *what, Span span,
                        Diag *d)
{
    Type t = TYPE_NULL;
    for (int j = 0; j < n; j++) {
        Type u = compare ? compare_type(t, args[j]->type) : super_type(t, args[j]->type);
        if (u == TYPE_COUNT) {
            diag_error(d, span, "%s types %s and %s cannot be matched", what, type_name(t),
                       type_name(args[j]->type));
            return TYPE_COUNT;
        }
        t = u;
    }
    return t;
}

Expr *expr_logic(Arena *aa, ExprKind kind, Expr **args, int n, bool negated,
                 Span span, Diag *d)
{
    Expr *cargs[n > 0 ? n : 1];
    if (n > 0) memcpy(cargs, args, sizeof(Expr *) * (size_t)n);
    int min = kind == EXPR_AND || kind == EXPR_OR || kind == EXPR_CASE || kind == EXPR_IN ? 2 : 1;
    if (n < min || ((kind == EXPR_NOT || kind == EXPR_IS_NULL) && n != 1)) {
        diag_error(d, span, "wrong number of operands for %s", kind_name(kind));
        return NULL;
    }
    Type type = TYPE_BOOL;
    switch (kind) {
    case EXPR_AND: case EXPR_OR: case EXPR_NOT:
        for (int j = 0; j < n; j++)
            if (!want_bool(aa, &cargs[j], kind_name(kind), d)) return NULL;
        break;
    case EXPR_IS_NULL:
        break;
    case EXPR_CASE: {
        Expr *res[n];
        int m = 0;
        for (int j = 0; j < n; j++) {
            if (j % 2 == 0 && j + 1 < n) {
                if (!want_bool(aa, &cargs[j], "CASE/WHEN", d)) return NULL;
            } else {
                res[m++] = cargs[j];
            }
        }
        if ((type = common_type(res, m, false, "CASE", span, d)) == TYPE_COUNT) return NULL;
        for (int j = 0; j < n; j++)
            if (j % 2 == 1 || j + 1 == n) cargs[j] = expr_coerce(aa, cargs[j], type);
        break;
    }
    case EXPR_IN: {
        Type t = common_type(cargs, n, true, "IN", span, d);
        if (t == TYPE_COUNT) return NULL;
        for (int j = 0; j < n; j++) cargs[j] = expr_coerce(aa, cargs[j], t);
        break;
    }
    case EXPR_COALESCE:
        if ((type = common_type(cargs, n, false, "COALESCE", span, d)) == TYPE_COUNT) return NULL;
        for (int j = 0; j < n; j++) cargs[j] = expr_coerce(aa, cargs[j], type);
        break;
    default:
        diag_error(d, span, "not a logical expression");
        return NULL;
    }
    Expr *e = expr_node(aa, kind, type, span, cargs, n);
    e->negated = negated;
    e->has_else = kind == EXPR_CASE && n % 2 == 1;
    return e;
}
