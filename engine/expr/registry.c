/* registry — every scalar function and operator overload sluice knows.
 *
 * One row per overload: name, parameter types, result type, flags and the
 * kernel. Overload resolution (build.c) walks this table; the order of
 * rows breaks ties (first wins). Adding a function is one row here and a
 * kernel in one of the funcs_*.c files. Aggregates and window functions
 * are not scalar functions and live elsewhere. */
#include <string.h>

#include "expr_int.h"

#define I  TYPE_INT64
#define D  TYPE_DOUBLE
#define S  TYPE_TEXT
#define B  TYPE_BOOL
#define TS TYPE_TIMESTAMP
#define IV TYPE_INTERVAL

#define OP FN_OPERATOR
#define AR (FN_OPERATOR | FN_ARITH)             /* arithmetic operator */
#define CM (FN_OPERATOR | FN_COMPARE)           /* comparison */

#define F1(name, a, ret, fl, kern) {name, 1, {a}, ret, fl, kern_##kern, NULL}
#define F2(name, a, b, ret, fl, kern) {name, 2, {a, b}, ret, fl, kern_##kern, NULL}
#define F3(name, a, b, c, ret, fl, kern) {name, 3, {a, b, c}, ret, fl, kern_##kern, NULL}

/* The six comparisons of one type. */
#define CMP_ROWS(T, t)                                                        \
    F2("=", T, T, B, CM, cmp_eq_##t), F2("<>", T, T, B, CM, cmp_ne_##t),      \
    F2("<", T, T, B, CM, cmp_lt_##t), F2("<=", T, T, B, CM, cmp_le_##t),      \
    F2(">", T, T, B, CM, cmp_gt_##t), F2(">=", T, T, B, CM, cmp_ge_##t)

const FuncDef expr_funcs[] = {
    /* arithmetic */
    F2("+", I, I, I, AR, add_i64),
    F2("+", D, D, D, AR, add_f64),
    F2("+", TS, IV, TS, OP, add_i64),
    F2("+", IV, TS, TS, OP, add_i64),
    F2("+", IV, IV, IV, OP, add_i64),
    F2("-", I, I, I, AR, sub_i64),
    F2("-", D, D, D, AR, sub_f64),
    F2("-", TS, IV, TS, OP, sub_i64),
    F2("-", TS, TS, IV, OP, sub_i64),
    F2("-", IV, IV, IV, OP, sub_i64),
    F2("*", I, I, I, AR, mul_i64),
    F2("*", D, D, D, AR, mul_f64),
    F2("*", IV, I, IV, OP, mul_i64),
    F2("*", I, IV, IV, OP, mul_i64),
    F2("*", IV, D, IV, OP, mul_iv_f64),
    F2("*", D, IV, IV, OP, mul_f64_iv),
    F2("/", I, I, D, AR, div_i64),
    F2("/", D, D, D, AR, div_f64),
    F2("/", IV, I, IV, OP, div_iv_i64),
    F2("/", IV, D, IV, OP, div_iv_f64),
    F2("%", I, I, I, AR, mod_i64),
    F2("%", D, D, D, AR, mod_f64),
    F1("neg", I, I, AR, neg_i64),
    F1("neg", D, D, AR, neg_f64),
    F1("neg", IV, IV, OP, neg_i64),

    /* comparison */
    CMP_ROWS(I, i64), CMP_ROWS(D, f64), CMP_ROWS(S, text), CMP_ROWS(B, bool),
    CMP_ROWS(TS, i64), CMP_ROWS(IV, i64),

    /* text */
    F2("||", S, S, S, OP | FN_ANY_TO_TEXT, concat),
    {"like", 2, {S, S}, B, OP, kern_like, prep_like},
    {"not like", 2, {S, S}, B, OP, kern_not_like, prep_like},
    {"concat", 1, {S}, S, FN_VARIADIC | FN_ANY_TO_TEXT, kern_concat, NULL},
    F1("length", S, I, 0, length),
    F1("upper", S, S, 0, upper),
    F1("lower", S, S, 0, lower),
    F1("trim", S, S, 0, trim),
    F1("ltrim", S, S, 0, ltrim),
    F1("rtrim", S, S, 0, rtrim),
    F2("substring", S, I, S, 0, substring2),
    F3("substring", S, I, I, S, 0, substring3),
    F3("split_part", S, S, I, S, 0, split_part),
    F2("replace", S, S, S, 0, replace2),
    F3("replace", S, S, S, S, 0, replace),
    {"regexp_extract", 2, {S, S}, S, 0, kern_regexp_extract2, prep_regexp},
    {"regexp_extract", 3, {S, S, I}, S, 0, kern_regexp_extract, prep_regexp},

    /* math */
    F1("abs", I, I, 0, abs_i64),
    F1("abs", D, D, 0, abs_f64),
    F1("round", I, I, 0, identity),
    F1("round", D, D, 0, round_f64),
    F2("round", I, I, I, 0, round_i64_d),
    F2("round", D, I, D, 0, round_f64_d),
    F1("floor", I, I, 0, identity),
    F1("floor", D, I, 0, floor_f64),
    F1("ceil", I, I, 0, identity),
    F1("ceil", D, I, 0, ceil_f64),
    F1("sqrt", D, D, 0, sqrt_f64),
    F1("exp", D, D, 0, exp_f64),
    F1("ln", D, D, 0, ln_f64),
    F1("log", D, D, 0, ln_f64),
    F2("log", D, D, D, 0, log_base_f64),
    F2("power", D, D, D, 0, power_f64),

    /* time */
    F1("to_timestamp", TS, TS, 0, identity),
    F1("to_timestamp", S, TS, 0, to_timestamp_text),
    {"to_timestamp", 2, {S, S}, TS, 0, kern_to_timestamp_fmt, prep_time_format},
    F1("to_timestamp", I, TS, 0, to_timestamp_i64),
    F1("to_timestamp", D, TS, 0, to_timestamp_f64),
    {"date_trunc", 2, {S, TS}, TS, FN_TEXT_TO_TS, kern_date_trunc, prep_date_trunc},
    {"current_timestamp", 0, {0}, TS, FN_VOLATILE, kern_now, NULL},
    {"proctime", 0, {0}, TS, FN_VOLATILE, kern_now, NULL},
    {"batch_id", 0, {0}, I, FN_VOLATILE, kern_batch_id, NULL},
    {"unix_timestamp", 0, {0}, I, FN_VOLATILE, kern_unix_timestamp_now, NULL},
    F1("unix_timestamp", TS, I, FN_TEXT_TO_TS, unix_timestamp),
};
const int expr_n_funcs = (int)(sizeof expr_funcs / sizeof expr_funcs[0]);

static const struct { const char *alias, *name; } aliases[] = {
    {"substr", "substring"}, {"!=", "<>"}, {"==", "="},
    {"ucase", "upper"}, {"lcase", "lower"},
    {"char_length", "length"}, {"character_length", "length"},
    {"ceiling", "ceil"}, {"pow", "power"}, {"now", "current_timestamp"}, {"mod", "%"},
};

const char *registry_canonical(const char *lower_name)
{
    for (size_t i = 0; i < sizeof aliases / sizeof aliases[0]; i++)
        if (strcmp(aliases[i].alias, lower_name) == 0) return aliases[i].name;
    return lower_name;
}

const FuncDef *registry_exact(const char *name, const Type *types, int n)
{
    for (int i = 0; i < expr_n_funcs; i++) {
        const FuncDef *f = &expr_funcs[i];
        if (strcmp(f->name, name) != 0 || f->n_args != n) continue;
        bool ok = true;
        for (int j = 0; j < n && ok; j++) ok = f->args[j] == types[j];
        if (ok) return f;
    }
    return NULL;
}

bool expr_function_exists(const char *name)
{
    char buf[64];
    size_t n = strlen(name);
    if (n >= sizeof buf) return false;
    for (size_t i = 0; i <= n; i++)
        buf[i] = (char)((name[i] >= 'A' && name[i] <= 'Z') ? name[i] + 32 : name[i]);
    const char *canon = registry_canonical(buf);
    for (int i = 0; i < expr_n_funcs; i++)
        if (strcmp(expr_funcs[i].name, canon) == 0) return true;
    return false;
}

void expr_each_function(void (*fn)(const char *name, const char *signature, void *arg), void *arg)
{
    StrBuf sb = STRBUF_INIT;
    for (int i = 0; i < expr_n_funcs; i++) {
        const FuncDef *f = &expr_funcs[i];
        if (f->flags & FN_OPERATOR) continue;
        sb_reset(&sb);
        sb_printf(&sb, "%s(", f->name);
        for (int a = 0; a < f->n_args; a++) sb_printf(&sb, "%s%s", a ? ", " : "", type_name(f->args[a]));
        if (f->flags & FN_VARIADIC) sb_puts(&sb, ", ...");
        sb_printf(&sb, ") -> %s", type_name(f->ret));
        fn(f->name, sb_str(&sb), arg);
    }
    sb_free(&sb);
}
