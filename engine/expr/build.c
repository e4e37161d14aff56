/* build — constructing typed Expr trees: constants, columns, calls with
 * overload resolution and implicit casts, CAST, and the logical nodes.
 *
 * Implicit casts (cheapest overload wins, table order breaks ties):
 *   NULL literal -> any type; BIGINT -> DOUBLE;
 *   a string literal -> the type the call needs, when its text parses as
 *   that type (PostgreSQL's "unknown" literals: ts > '2023-06-01',
 *   price > '10'); it becomes a typed constant here, at analysis;
 *   any -> TEXT for || and concat; TEXT -> TIMESTAMP for time functions.
 * TEXT that is not a literal is never cast silently next to another type:
 * a comparison, arithmetic or IN between TEXT and BIGINT/DOUBLE/TIMESTAMP/
 * BOOLEAN is an error with a hint (CAST(x AS BIGINT), use || to
 * concatenate), as in PostgreSQL and DuckDB.
 * Errors name the function and the argument types, with a hint listing
 * what exists; they carry the call's span (a literal that does not parse:
 * the literal's span). No folding happens here. */
#include <stdio.h>
#include <string.h>

#include "engine/base/timeutil.h"
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

/* ---- string literals ------------------------------------------------- */

/* A string literal: its type stays open until a call or IN needs one. */
static bool is_text_literal(const Expr *e)
{
    return e->kind == EXPR_CONST && e->type == TYPE_TEXT && !e->value.is_null;
}

/* The literal's text read as type `to`; false when it does not parse.
 * BIGINT takes only whole numbers ('10.5' is read as a DOUBLE instead). */
static bool literal_parse(const Expr *e, Type to, Value *out)
{
    Str s = e->value.s;
    switch (to) {
    case TYPE_TEXT: *out = e->value; return true;
    case TYPE_INT64: {
        int64_t v;
        if (memchr(s.ptr, '.', s.len) || !cast_text_to_i64(s, &v)) return false;
        *out = value_int(v);
        return true;
    }
    case TYPE_DOUBLE: {
        double v;
        if (!cast_text_to_f64(s, &v)) return false;
        *out = value_double(v);
        return true;
    }
    case TYPE_BOOL: {
        uint8_t v;
        if (!cast_text_to_bool(s, &v)) return false;
        *out = value_bool(v);
        return true;
    }
    case TYPE_TIMESTAMP: {
        int64_t v;
        if (!time_parse_timestamp(s.ptr, s.len, &v)) return false;
        *out = value_ts(v);
        return true;
    }
    case TYPE_INTERVAL: {
        char buf[128];
        int64_t v;
        if (s.len >= sizeof buf) return false;
        memcpy(buf, s.ptr, s.len);
        buf[s.len] = '\0';
        if (!time_parse_interval(buf, NULL, &v)) return false;
        *out = value_interval(v);
        return true;
    }
    default: return false;
    }
}

/* e as type `to`: a string literal becomes a typed constant (it parses:
 * the caller checked), anything else goes through expr_coerce. */
static Expr *coerce_arg(Arena *a, Expr *e, Type to)
{
    Value v;
    if (to != TYPE_TEXT && is_text_literal(e) && literal_parse(e, to, &v))
        return expr_const(a, v, e->span);
    return expr_coerce(a, e, to);
}

/* `invalid input syntax for type BIGINT: "abc"` at the literal. */
static void bad_literal(const Expr *lit, Type to, Diag *d)
{
    diag_error(d, lit->span, "invalid input syntax for type %s: \"%.*s\"", type_name(to),
               (int)lit->value.s.len, lit->value.s.ptr);
    switch (to) {
    case TYPE_TIMESTAMP:
        diag_hint(d, "write a timestamp such as '2023-06-01' or '2023-06-01 12:00:00'");
        break;
    case TYPE_INTERVAL: diag_hint(d, "write an interval such as '10 minutes' or '1 hour 30 minutes'"); break;
    case TYPE_BOOL: diag_hint(d, "write true or false"); break;
    default: diag_hint(d, "write a number such as '10' or '2.5'"); break;
    }
}

/* Cost of passing `arg` where a FuncDef with `flags` wants `to`; -1 if
 * not implicitly possible. */
static int cast_cost(const Expr *arg, Type to, unsigned flags)
{
    Type from = arg->type;
    if (from == to) return 0;
    if (from == TYPE_NULL) return 1;
    if (from == TYPE_INT64 && to == TYPE_DOUBLE) return 1;
    if (to == TYPE_TEXT && (flags & FN_ANY_TO_TEXT)) return 2;
    if (is_text_literal(arg)) {
        Value v;
        return literal_parse(arg, to, &v) ? 2 : -1;
    }
    if (from == TYPE_TEXT && to == TYPE_TIMESTAMP && (flags & FN_TEXT_TO_TS)) return 2;
    return -1;
}

/* The type two non-literal operands are compared as, or TYPE_COUNT if they
 * cannot be (TEXT against any other type included). */
static Type compare_type(Type a, Type b)
{
    if (a == b) return a;
    if (a == TYPE_NULL) return b;
    if (b == TYPE_NULL) return a;
    if (type_is_numeric(a) && type_is_numeric(b)) return TYPE_DOUBLE;
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

/* The type to suggest casting a TEXT operand of arithmetic to, given the
 * other operand's type. */
static Type arith_cast_to(const char *name, Type other)
{
    switch (other) {
    case TYPE_INT64: case TYPE_DOUBLE: case TYPE_INTERVAL: return other;
    case TYPE_TIMESTAMP: return strcmp(name, "-") == 0 ? TYPE_TIMESTAMP : TYPE_INTERVAL;
    default: return TYPE_DOUBLE;
    }
}

/* TEXT that is not a literal, next to another type in a comparison or in
 * arithmetic: refused (PostgreSQL's "operator does not exist") with the
 * cast or the || that was probably meant. True when it reported. */
static bool text_mismatch(const char *name, unsigned flags, Expr **args, int n, Span span,
                          Diag *d)
{
    if (!(flags & (FN_COMPARE | FN_ARITH))) return false;
    int t = -1;
    for (int j = 0; j < n; j++)
        if (args[j]->type == TYPE_TEXT && !is_text_literal(args[j])) t = j;
    if (t < 0) return false;
    const Expr *other = n == 2 ? args[1 - t] : NULL;
    Type ot = other ? other->type : TYPE_NULL;
    if ((flags & FN_COMPARE) && (ot == TYPE_TEXT || ot == TYPE_NULL)) return false;
    StrBuf sb = STRBUF_INIT, x = STRBUF_INIT;
    if (n == 1) sb_printf(&sb, "%s %s", op_symbol(name), type_name(args[0]->type));
    else sb_printf(&sb, "%s %s %s", type_name(args[0]->type), op_symbol(name), type_name(args[1]->type));
    diag_error(d, span, "operator does not exist: %s", sb_str(&sb));
    expr_print(args[t], &x);
    if ((flags & FN_ARITH) && strcmp(name, "+") == 0 && (ot == TYPE_TEXT || ot == TYPE_NULL))
        diag_hint(d, "use || to concatenate text");
    else if (flags & FN_ARITH)
        diag_hint(d, "text is not a number: write CAST(%s AS %s) to compute with it, or || to concatenate",
                  sb_str(&x), type_name(arith_cast_to(name, ot)));
    else
        diag_hint(d, "compare values of one type: write CAST(%s AS %s)", sb_str(&x), type_name(ot));
    sb_free(&sb);
    sb_free(&x);
    return true;
}

/* No overload fits, but one would if a string literal parsed: report the
 * literal that does not (at its span). True when it reported. */
static bool literal_mismatch(const char *canon, Expr **args, int n, Diag *d)
{
    for (int i = 0; i < expr_n_funcs; i++) {
        const FuncDef *f = &expr_funcs[i];
        if (strcmp(f->name, canon) != 0) continue;
        if (f->flags & FN_VARIADIC ? n < f->n_args : n != f->n_args) continue;
        int bad = -1;
        bool others_ok = true;
        for (int j = 0; j < n && others_ok; j++) {
            Type want = f->args[j < f->n_args ? j : f->n_args - 1];
            if (cast_cost(args[j], want, f->flags) >= 0) continue;
            if (is_text_literal(args[j]) && bad < 0) bad = j;
            else others_ok = false;
        }
        if (others_ok && bad >= 0) {
            bad_literal(args[bad], f->args[bad < f->n_args ? bad : f->n_args - 1], d);
            return true;
        }
    }
    return false;
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
    if (text_mismatch(canon, first->flags, cargs, n, span, d)) return NULL;

    const FuncDef *best = NULL;
    int best_cost = 1 << 20;
    for (const FuncDef *f = first; f < expr_funcs + expr_n_funcs; f++) {
        if (strcmp(f->name, canon) != 0) continue;
        bool variadic = f->flags & FN_VARIADIC;
        if (variadic ? n < f->n_args : n != f->n_args) continue;
        int cost = 0;
        for (int j = 0; j < n && cost >= 0; j++) {
            int c = cast_cost(cargs[j], f->args[j < f->n_args ? j : f->n_args - 1], f->flags);
            cost = c < 0 ? -1 : cost + c;
        }
        if (cost >= 0 && cost < best_cost) { best = f; best_cost = cost; }
    }
    if (!best) {
        if (!literal_mismatch(canon, cargs, n, d)) no_overload(canon, first->flags, args, n, span, d);
        return NULL;
    }

    for (int j = 0; j < n; j++)
        cargs[j] = coerce_arg(aa, cargs[j], best->args[j < best->n_args ? j : best->n_args - 1]);
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
    if (is_text_literal(e)) {
        /* A constant that can never convert is refused now (PostgreSQL),
         * not folded to NULL. BIGINT truncates a fraction, as at run time. */
        Value v;
        int64_t i;
        bool ok = to == TYPE_INT64 ? cast_text_to_i64(e->value.s, &i) : literal_parse(e, to, &v);
        if (!ok) { bad_literal(e, to, d); return NULL; }
    }
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

/* The common type of args[0..n) by the result rules of CASE and
 * COALESCE. */
static Type common_type(Expr *const *args, int n, const char *what, Span span, Diag *d)
{
    Type t = TYPE_NULL;
    for (int j = 0; j < n; j++) {
        Type u = super_type(t, args[j]->type);
        if (u == TYPE_COUNT) {
            diag_error(d, span, "%s types %s and %s cannot be matched", what, type_name(t),
                       type_name(args[j]->type));
            return TYPE_COUNT;
        }
        t = u;
    }
    return t;
}

/* The type x IN (a, b, ...) compares as: that of the typed operands (TEXT
 * against another type is an error, numbers widen), string literals read
 * as it (BIGINT widens to DOUBLE for '2.5'); TYPE_COUNT + diag when
 * impossible. */
static Type in_type(Expr *const *args, int n, Span span, Diag *d)
{
    Type t = TYPE_NULL;
    int at = -1;
    for (int j = 0; j < n; j++) {
        if (is_text_literal(args[j])) continue;
        Type u = compare_type(t, args[j]->type);
        if (u == TYPE_COUNT) {
            int tx = args[j]->type == TYPE_TEXT ? j : at;
            diag_error(d, span, "IN types %s and %s cannot be matched", type_name(t),
                       type_name(args[j]->type));
            StrBuf x = STRBUF_INIT;
            expr_print(args[tx], &x);
            if (args[tx]->type == TYPE_TEXT)
                diag_hint(d, "compare values of one type: write CAST(%s AS %s)", sb_str(&x),
                          type_name(tx == j ? t : args[j]->type));
            sb_free(&x);
            return TYPE_COUNT;
        }
        if (t == TYPE_NULL && u != TYPE_NULL) at = j;
        t = u;
    }
    if (t == TYPE_NULL || t == TYPE_TEXT) {
        for (int j = 0; j < n; j++)
            if (is_text_literal(args[j])) return TYPE_TEXT;
        return t;
    }
    Value v;
    for (int j = 0; j < n && t == TYPE_INT64; j++)
        if (is_text_literal(args[j]) && !literal_parse(args[j], t, &v) &&
            literal_parse(args[j], TYPE_DOUBLE, &v))
            t = TYPE_DOUBLE;
    for (int j = 0; j < n; j++)
        if (is_text_literal(args[j]) && !literal_parse(args[j], t, &v)) {
            bad_literal(args[j], t, d);
            return TYPE_COUNT;
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
        if ((type = common_type(res, m, "CASE", span, d)) == TYPE_COUNT) return NULL;
        for (int j = 0; j < n; j++)
            if (j % 2 == 1 || j + 1 == n) cargs[j] = expr_coerce(aa, cargs[j], type);
        break;
    }
    case EXPR_IN: {
        Type t = in_type(cargs, n, span, d);
        if (t == TYPE_COUNT) return NULL;
        for (int j = 0; j < n; j++) cargs[j] = coerce_arg(aa, cargs[j], t);
        break;
    }
    case EXPR_COALESCE:
        if ((type = common_type(cargs, n, "COALESCE", span, d)) == TYPE_COUNT) return NULL;
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
