/* physical — logical plan to push operators (see physical.h). */
#include "physical.h"
#include "engine/ops/ops.h"
#include "engine/state/rowstore.h"
#include "engine/base/timeutil.h"

#include <string.h>

/* Where the builder is in the tree. */
typedef struct Build {
    ExecCtx *ctx;
    Physical *ph;
    Diag *d;
    int depth;           /* nesting of the current node, for EXPLAIN */
    bool preload;        /* inside the static side of a join */
} Build;

static int add_op(Build *b, Op *op)
{
    Physical *ph = b->ph;
    if (ph->n_ops >= PHYS_MAX_OPS)
        return diag_error(b->d, SPAN_NONE, "query too complex: more than %d operators", PHYS_MAX_OPS);
    ph->depth[ph->n_ops] = b->depth;
    ph->batch_op[ph->n_ops] = b->preload;
    ph->ops[ph->n_ops++] = op;
    return 0;
}

static int add_input(Build *b, const Plan *p, Op *entry)
{
    Physical *ph = b->ph;
    if (ph->n_inputs >= PHYS_MAX_INPUTS)
        return diag_error(b->d, p->span, "a query may read at most %d inputs", PHYS_MAX_INPUTS);
    PhysInput *in = &ph->inputs[ph->n_inputs++];
    in->entry = entry;
    in->wm_column = -1;
    in->preload = b->preload;
    in->depth = b->depth;
    in->after_op = ph->n_ops;
    if (p->kind == PLAN_VALUES) return 0;
    in->def = p->scan.def;
    in->wm_column = p->scan.wm_column;
    in->wm_delay_us = p->scan.wm_delay_us;
    in->needed = p->scan.needed;
    if (p->scan.needed && p->scan.wm_column >= 0) {
        /* The watermark reads its column even if the query does not. */
        bool *needed = arena_memdup(b->ctx->arena, p->scan.needed, sizeof(bool) * (size_t)p->schema.n);
        needed[p->scan.wm_column] = true;
        in->needed = needed;
    }
    return 0;
}

static int build(Build *b, const Plan *p, Op *next);

/* How far the watermark of p's output lags the query's: a stream-stream
 * join's output watermark is its input's minus the range its ON keeps
 * rows for (Spark: the least of the two sides' state watermarks; a row
 * dies once column + offset < watermark, so its state watermark is the
 * watermark less the offset). Operators downstream judge late rows and
 * close state against that, so they do not drop the join's own output. */
static int64_t out_delay(const Plan *p)
{
    if (!p) return 0;
    int64_t d = out_delay(p->input);
    if (p->kind != PLAN_JOIN) return d;
    int64_t r = out_delay(p->right);
    if (r > d) d = r;
    if (p->join.left_static || p->join.right_static) return d;
    const JoinConfig *c = &p->join.cfg;
    int64_t range = 0;
    for (int i = 0; i < c->n_left_expiry; i++)
        if (c->left_expiry[i].offset_us > range) range = c->left_expiry[i].offset_us;
    for (int i = 0; i < c->n_right_expiry; i++)
        if (c->right_expiry[i].offset_us > range) range = c->right_expiry[i].offset_us;
    return d > INT64_MAX - range ? INT64_MAX : d + range;
}

/* A subtree one level deeper (a join's input). */
static int build_child(Build *b, const Plan *p, Op *next, bool preload)
{
    Build c = *b;
    c.depth = b->depth + 1;
    c.preload = b->preload || preload;
    return build(&c, p, next);
}

/* A join: a static side is collected into rows before the query starts;
 * two streams meet in a symmetric hash join fed through two adapters. */
static int build_join(Build *b, const Plan *p, Op *next)
{
    ExecCtx *ctx = b->ctx;
    const Plan *l = p->input, *r = p->right;
    const JoinConfig *cfg = &p->join.cfg;
    if (p->join.right_static || p->join.left_static) {
        int static_side = p->join.right_static ? 1 : 0;
        const Plan *sp = static_side ? r : l, *dp = static_side ? l : r;
        if (b->ph->n_tables >= PHYS_MAX_INPUTS)
            return diag_error(b->d, p->span, "a query may join at most %d tables", PHYS_MAX_INPUTS);
        Type *types = ARENA_ARRAY(ctx->arena, Type, sp->schema.n > 0 ? sp->schema.n : 1);
        for (int i = 0; i < sp->schema.n; i++) types[i] = sp->schema.cols[i].type;
        RowStore *rows = rowstore_new(types, sp->schema.n);
        b->ph->tables[b->ph->n_tables++] = rows;
        Op *join = op_join_static_new(ctx, next, &l->schema, &r->schema, cfg, static_side, rows, &p->schema);
        if (!join) return -1;
        if (add_op(b, join) < 0) return -1;
        Op *collect = op_collect_new(ctx, rows, &sp->schema);
        if (build_child(b, dp, join, false) < 0) return -1;
        Build c = *b;
        c.depth = b->depth + 1;
        c.preload = true;
        if (add_op(&c, collect) < 0) return -1;
        return build_child(&c, sp, collect, true);
    }
    Op *join = op_join_stream_new(ctx, next, &l->schema, &r->schema, cfg, &p->schema);
    if (!join) return -1;
    int64_t dl = out_delay(l), dr = out_delay(r);
    join->wm_delay_us = dl > dr ? dl : dr;
    if (add_op(b, join) < 0) return -1;
    if (build_child(b, l, op_join_stream_input(join, 0), false) < 0) return -1;
    return build_child(b, r, op_join_stream_input(join, 1), false);
}

/* Build p's operator(s) feeding `next`; recurse towards the scans. */
static int build(Build *b, const Plan *p, Op *next)
{
    ExecCtx *ctx = b->ctx;
    const Schema *in = p->input ? &p->input->schema : &p->schema;
    Op *op = NULL;
    switch (p->kind) {
    case PLAN_SCAN: {
        if (p->scan.filter) {
            op = op_filter_new(ctx, next, &p->schema, p->scan.filter);
            if (add_op(b, op) < 0) return -1;
            Build c = *b;
            c.depth++;
            return add_input(&c, p, op);
        }
        return add_input(b, p, next);
    }
    case PLAN_VALUES:
        return add_input(b, p, next);
    case PLAN_JOIN:
        return build_join(b, p, next);
    case PLAN_FILTER: op = op_filter_new(ctx, next, in, p->filter.pred); break;
    case PLAN_PROJECT: op = op_project_new(ctx, next, p->project.exprs, p->project.n, &p->schema); break;
    case PLAN_EXPLODE:
        op = op_explode_new(ctx, next, in, p->explode.text, p->explode.delim, p->explode.regex, &p->schema);
        break;
    case PLAN_AGGREGATE: op = op_agg_new(ctx, next, in, &p->agg.cfg, &p->schema); break;
    case PLAN_WINDOW:
        op = op_window_new(ctx, next, in, p->window.time, p->window.size_us, p->window.slide_us,
                           p->window.offset_us, &p->schema);
        break;
    case PLAN_SESSION: op = op_session_new(ctx, next, in, &p->session.cfg, &p->schema); break;
    case PLAN_SORT:
        op = op_sort_new(ctx, next, in, p->sort.keys, p->sort.n, -1);
        break;
    case PLAN_LIMIT:
        if (p->input && p->input->kind == PLAN_SORT) {
            /* A LIMIT right above a sort is folded into it (top-N). */
            const Plan *s = p->input;
            op = op_sort_new(ctx, next, &s->input->schema, s->sort.keys, s->sort.n, p->limit.count);
            if (add_op(b, op) < 0) return -1;
            Build c = *b;
            c.depth++;
            return build(&c, s->input, op);
        }
        op = op_limit_new(ctx, next, in, p->limit.count, p->limit.whole_query);
        break;
    }
    if (!op) return diag_error(b->d, p->span, "internal error: no operator for plan node %d", (int)p->kind);
    op->wm_delay_us = out_delay(p->input);
    if (add_op(b, op) < 0) return -1;
    Build c = *b;
    c.depth++;
    return build(&c, p->input, op);
}

bool plan_uses_watermark(const Plan *p)
{
    for (; p; p = p->input) {
        if (p->kind == PLAN_AGGREGATE && p->agg.cfg.close_key >= 0) return true;
        if (p->kind == PLAN_SESSION && p->session.cfg.watermarked) return true;
        if (p->kind == PLAN_JOIN) {
            const JoinConfig *c = &p->join.cfg;
            bool evicts = c->n_left_expiry > 0 || c->n_right_expiry > 0;
            if (!p->join.left_static && !p->join.right_static && evicts) return true;
            if (plan_uses_watermark(p->right)) return true;
        }
    }
    return false;
}

int physical_build(ExecCtx *ctx, const Plan *root, Op *sink, Physical *out, Diag *d)
{
    memset(out, 0, sizeof *out);
    out->uses_watermark = plan_uses_watermark(root);
    Build b = {.ctx = ctx, .ph = out, .d = d};
    if (add_op(&b, sink) < 0) return -1;
    b.depth = 1;
    return build(&b, root, sink);
}

void physical_free(Physical *ph)
{
    for (int i = 0; i < ph->n_tables; i++) rowstore_free(ph->tables[i]);
    ph->n_tables = 0;
}

static void print_input(const PhysInput *in, StrBuf *out)
{
    const InputDef *def = in->def;
    if (!def) {
        sb_puts(out, "Values (one empty row)\n");
        return;
    }
    const char *conn = options_get(&def->options, "connector");
    const char *fmt = options_get(&def->options, "format");
    sb_printf(out, "Source %s %s (connector=%s, format=%s) columns=[", def->is_stream ? "stream" : "table",
              def->name, conn ? conn : "?", fmt ? fmt : "csv");
    bool first = true;
    for (int i = 0; i < def->schema.n; i++) {
        if (in->needed && !in->needed[i]) continue;
        sb_printf(out, "%s%s", first ? "" : ", ", def->schema.cols[i].name);
        first = false;
    }
    sb_putc(out, ']');
    if (in->wm_column >= 0) {
        sb_printf(out, " watermark=%s - ", def->schema.cols[in->wm_column].name);
        time_format_interval(in->wm_delay_us, out);
    }
    sb_putc(out, '\n');
}

/* "the watermark of logs.ts - 10 seconds", or for several watermarked
 * inputs the query watermark over all of them. */
static void print_watermark(const Physical *ph, StrBuf *out)
{
    int n = 0;
    for (int i = 0; i < ph->n_inputs; i++) n += ph->inputs[i].wm_column >= 0;
    sb_puts(out, n > 1 ? "the query watermark (the minimum, or with watermark_policy = 'max' the "
                         "maximum, of " : "the watermark ");
    bool first = true;
    for (int i = 0; i < ph->n_inputs; i++) {
        const PhysInput *in = &ph->inputs[i];
        if (in->wm_column < 0) continue;
        sb_printf(out, "%s%s.%s - ", first ? "" : ", ", in->def->name,
                  in->def->schema.cols[in->wm_column].name);
        time_format_interval(in->wm_delay_us, out);
        first = false;
    }
    if (n > 1) sb_putc(out, ')');
}

static void print_state(const Physical *ph, const Op *op, EmitMode mode, StrBuf *out)
{
    bool bounded = op->vt->bounded && op->vt->bounded(op);
    bool any_wm = false;
    for (int i = 0; i < ph->n_inputs; i++) any_wm |= ph->inputs[i].wm_column >= 0;
    sb_printf(out, " [stateful, mode=%s", emit_mode_name(mode));
    if (mode == MODE_COMPLETE) {
        sb_puts(out, ", state kept for the whole query: complete mode never evicts");
    } else if (bounded && ph->uses_watermark && any_wm) {
        sb_puts(out, ", state bounded by ");
        print_watermark(ph, out);
        sb_puts(out, ": closed state is evicted");
    } else if (bounded) {
        sb_puts(out, ", state bounded: groups are evicted when final");
    } else if (op->vt->growing && op->vt->growing(op)) {
        sb_printf(out, ", warning: %s are kept without limit: no watermark expires them",
                  op->vt->growing(op));
    } else {
        sb_puts(out, ", warning: state unbounded, no watermark bounds it");
    }
    sb_putc(out, ']');
}

static void print_inputs_after(const Physical *ph, int n_ops, StrBuf *out)
{
    for (int k = 0; k < ph->n_inputs; k++) {
        if (ph->inputs[k].after_op != n_ops) continue;
        sb_repeat(out, ' ', (size_t)ph->inputs[k].depth * 2);
        print_input(&ph->inputs[k], out);
    }
}

void physical_print(const Physical *ph, EmitMode mode, StrBuf *out)
{
    /* Operators in build order (the sink first, each input below the
     * operator it feeds), each input right after its pipeline. */
    for (int i = 0; i < ph->n_ops; i++) {
        const Op *op = ph->ops[i];
        sb_repeat(out, ' ', (size_t)ph->depth[i] * 2);
        sb_puts(out, op->vt->name);
        StrBuf det = STRBUF_INIT;
        if (op->vt->describe) op->vt->describe(op, &det);
        if (det.len) sb_printf(out, " %s", sb_str(&det));
        sb_free(&det);
        if (op->vt->stateful && ph->batch_op[i])
            sb_puts(out, " [batch: runs once over the table before the first micro-batch]");
        else if (op->vt->stateful) print_state(ph, op, mode, out);
        sb_putc(out, '\n');
        print_inputs_after(ph, i + 1, out);
    }
}
