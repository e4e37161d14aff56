/* memcheck — counting a query's memory against memory_limit (see
 * memcheck.h). */
#include "memcheck.h"
#include "engine/base/bytesize.h"
#include "engine/state/rowstore.h"

#include <string.h>

#define WARN_AT_MAX ((int64_t)64 << 20)

const char *memcheck_unbounded(const Op *op, EmitMode mode, StrBuf *scratch)
{
    if (!op->vt->stateful) return NULL;
    if (mode == MODE_COMPLETE) return "complete mode keeps it for the whole query";
    if (op->vt->bounded && op->vt->bounded(op)) return NULL;
    const char *what = op->vt->growing ? op->vt->growing(op) : NULL;
    if (!what) return "no watermark bounds it";
    sb_reset(scratch);
    sb_printf(scratch, "%s are kept without limit: no watermark expires them", what);
    return sb_str(scratch);
}

static void warn_growth(MemCheck *mc, const MemBudget *mb, const MemCheckEnv *env, const Op *op,
                        const OpMetrics *m)
{
    StrBuf why = STRBUF_INIT;
    const char *reason = memcheck_unbounded(op, env->mode, &why);
    if (reason) {
        char b[32], l[32];
        fprintf(env->err, "warning: query %lld: the state of %s grows without bound (%lld rows, %s): %s",
                (long long)env->query_id, op->vt->name, (long long)m->state_rows,
                bytesize_format(m->state_bytes, b), reason);
        if (mb->limit > 0)
            fprintf(env->err, "; the query will fail when the session reaches memory_limit (%s)",
                    bytesize_format(mb->limit, l));
        fputc('\n', env->err);
        fflush(env->err);
        mc->warned = true;
    }
    sb_free(&why);
}

static int out_of_memory(const MemCheck *mc, const MemBudget *mb, const MemCheckEnv *env,
                         const Op *top, const OpMetrics *tm, Diag *d)
{
    char used[32], lim[32], all[32], b[32], more[32];
    bytesize_format(mc->used, used);
    bytesize_format(mb->limit, lim);
    StrBuf what = STRBUF_INIT;
    sb_printf(&what, "out of memory: query %lld holds %s", (long long)env->query_id, used);
    if (mb->used > mc->used)
        sb_printf(&what, " and the session's other queries %s", bytesize_format(mb->used - mc->used, all));
    if (mb->used > mb->limit)
        diag_error(d, SPAN_NONE, "%s, over memory_limit (%s)", sb_str(&what), lim);
    else
        diag_error(d, SPAN_NONE, "%s; it grew by up to %s at a time, and its next growth would pass "
                   "memory_limit (%s)", sb_str(&what), bytesize_format(mc->max_step, b), lim);
    sb_free(&what);
    bytesize_format(mb->limit * 2, more);
    if (!top) {
        diag_hint(d, "raise the limit: SET memory_limit = '%s' (or --memory-limit)", more);
        return -1;
    }
    diag_detail(d, "the largest state is %s's: %lld rows in %s", top->vt->name,
                (long long)tm->state_rows, bytesize_format(tm->state_bytes, b));
    StrBuf why = STRBUF_INIT;
    const char *reason = env->is_static ? NULL : memcheck_unbounded(top, env->mode, &why);
    /* What would bound it: a join's rows expire by a time condition; an
     * aggregation's groups close by a window, but never in complete mode. */
    const char *how = env->mode == MODE_COMPLETE ? "use EMIT UPDATE or APPEND with a watermark and a window"
                      : top->vt->growing     ? "bound it with watermarks and a time condition in ON"
                                             : "bound it with a watermark and a window";
    if (reason)
        diag_hint(d, "that state grows without bound (%s): %s, or raise the limit: "
                  "SET memory_limit = '%s' (or --memory-limit)", reason, how, more);
    else
        diag_hint(d, "raise the limit: SET memory_limit = '%s' (or --memory-limit)", more);
    sb_free(&why);
    return -1;
}

int memcheck_run(MemCheck *mc, MemBudget *mb, const MemCheckEnv *env, int64_t extra_bytes, Diag *d)
{
    if (!mb) return 0;
    const Physical *ph = env->ph;
    int64_t used = extra_bytes;
    const Op *top = NULL;
    OpMetrics tm = {0};
    int64_t warn_at = mb->limit > 0 && mb->limit / 4 < WARN_AT_MAX ? mb->limit / 4 : WARN_AT_MAX;
    for (int i = 0; i < ph->n_ops; i++) {
        const Op *op = ph->ops[i];
        if (!op->vt->metrics) continue;
        OpMetrics m = {0};
        op->vt->metrics(op, &m);
        used += m.state_bytes;
        if (!top || m.state_bytes > tm.state_bytes) {
            top = op;
            tm = m;
        }
        if (!mc->warned && !env->is_static && env->err && m.state_bytes > warn_at)
            warn_growth(mc, mb, env, op, &m);
    }
    for (int i = 0; i < ph->n_tables; i++) used += (int64_t)rowstore_bytes(ph->tables[i]);
    int64_t grew = used - mc->used;
    bool first = mc->used == 0;           /* from nothing: buffers, not growth */
    mb->used += grew;
    mc->used = used;
    if (!first && grew > mc->max_step) mc->max_step = grew;
    /* Fail before the limit is crossed: the next step may be twice the
     * largest so far (a table doubling). */
    if (mb->limit > 0 && grew > 0 && mb->used + 2 * mc->max_step > mb->limit)
        return out_of_memory(mc, mb, env, top, &tm, d);
    return 0;
}

void memcheck_release(MemCheck *mc, MemBudget *mb)
{
    if (mb) mb->used -= mc->used;
    mc->used = 0;
}
