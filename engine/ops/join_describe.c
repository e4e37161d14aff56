/* join_describe — EXPLAIN text for a join's time bound and state expiry,
 * shared by the logical plan (plan.c) and StreamJoin, so both say the
 * same. Needs only types and strbuf: plan.c's unit tests link it alone. */
#include "join_describe.h"

/* " + 5 minutes" or " - 5 minutes"; nothing for 0. */
static void put_offset(int64_t us, StrBuf *out)
{
    if (us == 0) return;
    Value v = value_interval(us < 0 ? -us : us);
    sb_puts(out, us < 0 ? " - " : " + ");
    value_format(&v, out);
}

/* "a left row is evicted once expires < watermark or ..."
 * (`again`: "a right row once ..."). */
static void put_eviction(const JoinExpiry *terms, int n, const Schema *sc, bool right,
                         bool again, StrBuf *out)
{
    sb_printf(out, "a %s row %s ", right ? "right" : "left", again ? "once" : "is evicted once");
    for (int i = 0; i < n; i++) {
        if (i) sb_puts(out, " or ");
        sb_puts(out, sc->cols[terms[i].column].name);
        put_offset(terms[i].offset_us, out);
        sb_puts(out, terms[i].strict ? " <= watermark" : " < watermark");
    }
}

void join_describe_time_bound(const JoinConfig *cfg, const Schema *left, const Schema *right,
                              StrBuf *out)
{
    if (!cfg->has_time_bound) return;
    const char *lt = left->cols[cfg->left_time].name, *rt = right->cols[cfg->right_time].name;
    sb_printf(out, ", bound %s", rt);
    put_offset(cfg->lower_us, out);
    sb_printf(out, " <= %s <= %s", lt, rt);
    put_offset(cfg->upper_us, out);
}

void join_describe_state(const JoinConfig *cfg, const Schema *left, const Schema *right,
                         StrBuf *out)
{
    const int nl = cfg->n_left_expiry, nr = cfg->n_right_expiry;
    if (nl == 0 && nr == 0) {
        sb_puts(out, ", no time bound: state grows without limit");
        return;
    }
    join_describe_time_bound(cfg, left, right, out);
    sb_puts(out, nl && nr ? "; state bounded by the watermark: " : "; state partly bounded: ");
    if (nl) put_eviction(cfg->left_expiry, nl, left, false, false, out);
    if (nl && nr) sb_puts(out, ", ");
    if (nr) put_eviction(cfg->right_expiry, nr, right, true, nl > 0, out);
    if (!nl || !nr) sb_printf(out, "; %s rows are kept: they grow without limit", nl ? "right" : "left");
}
