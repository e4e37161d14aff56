/* physical — logical plan to push operators (see physical.h). */
#include "physical.h"
#include "ops/ops.h"
#include "base/timeutil.h"

#include <string.h>

static int add_op(Physical *ph, Op *op, Diag *d)
{
    if (ph->n_ops >= PHYS_MAX_OPS)
        return diag_error(d, SPAN_NONE, "query too complex: more than %d operators", PHYS_MAX_OPS);
    ph->ops[ph->n_ops++] = op;
    return 0;
}

static int add_input(ExecCtx *ctx, Physical *ph, const Plan *p, Op *entry, Diag *d)
{
    if (ph->n_inputs >= PHYS_MAX_INPUTS)
        return diag_error(d, p->span, "a query may read at most %d inputs", PHYS_MAX_INPUTS);
    PhysInput *in = &ph->inputs[ph->n_inputs++];
    in->entry = entry;
    in->wm_column = -1;
    if (p->kind == PLAN_VALUES) return 0;
    in->def = p->scan.def;
    in->wm_column = p->scan.wm_column;
    in->wm_delay_us = p->scan.wm_delay_us;
    in->needed = p->scan.needed;
    if (p->scan.needed && p->scan.wm_column >= 0) {
        /* The watermark reads its column even if the query does not. */
        bool *needed = arena_memdup(ctx->arena, p->scan.needed, sizeof(bool) * (size_t)p->schema.n);
        needed[p->scan.wm_column] = true;
        in->needed = needed;
    }
    return 0;
}

/* Build p's operator(s) feeding `next`; recurse towards the scan. */
static int build(ExecCtx *ctx, const Plan *p, Op *next, Physical *ph, Diag *d)
{
    const Schema *in = p->input ? &p->input->schema : &p->schema;
    Op *op = NULL;
    switch (p->kind) {
    case PLAN_SCAN: {
        if (p->scan.filter) {
            op = op_filter_new(ctx, next, &p->schema, p->scan.filter);
            if (add_op(ph, op, d) < 0) return -1;
            next = op;
        }
        return add_input(ctx, ph, p, next, d);
    }
    case PLAN_VALUES:
        return add_input(ctx, ph, p, next, d);
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
    case PLAN_SORT: {
        /* A LIMIT right above a sort is folded into it (top-N). */
        op = op_sort_new(ctx, next, in, p->sort.keys, p->sort.n, -1);
        break;
    }
    case PLAN_LIMIT:
        if (p->input && p->input->kind == PLAN_SORT) {
            const Plan *s = p->input;
            op = op_sort_new(ctx, next, &s->input->schema, s->sort.keys, s->sort.n, p->limit.count);
            if (add_op(ph, op, d) < 0) return -1;
            return build(ctx, s->input, op, ph, d);
        }
        op = op_limit_new(ctx, next, in, p->limit.count);
        break;
    }
    if (!op) return diag_error(d, p->span, "internal error: no operator for plan node %d", (int)p->kind);
    if (add_op(ph, op, d) < 0) return -1;
    return build(ctx, p->input, op, ph, d);
}

bool plan_uses_watermark(const Plan *p)
{
    for (; p; p = p->input) {
        if (p->kind == PLAN_AGGREGATE && p->agg.cfg.close_key >= 0) return true;
        if (p->kind == PLAN_SESSION && p->session.cfg.watermarked) return true;
    }
    return false;
}

int physical_build(ExecCtx *ctx, const Plan *root, Op *sink, Physical *out, Diag *d)
{
    memset(out, 0, sizeof *out);
    out->uses_watermark = plan_uses_watermark(root);
    if (add_op(out, sink, d) < 0) return -1;
    return build(ctx, root, sink, out, d);
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

static const PhysInput *watermarked_input(const Physical *ph)
{
    for (int i = 0; i < ph->n_inputs; i++)
        if (ph->inputs[i].wm_column >= 0) return &ph->inputs[i];
    return NULL;
}

static void print_state(const Physical *ph, const Op *op, EmitMode mode, StrBuf *out)
{
    bool bounded = op->vt->bounded && op->vt->bounded(op);
    const PhysInput *wm = watermarked_input(ph);
    sb_printf(out, " [stateful, mode=%s", emit_mode_name(mode));
    if (mode == MODE_COMPLETE) {
        sb_puts(out, ", state kept for the whole query: complete mode never evicts");
    } else if (bounded && ph->uses_watermark && wm) {
        sb_printf(out, ", state bounded by the watermark %s.%s - ", wm->def->name,
                  wm->def->schema.cols[wm->wm_column].name);
        time_format_interval(wm->wm_delay_us, out);
        sb_puts(out, ": closed state is evicted");
    } else if (bounded) {
        sb_puts(out, ", state bounded: groups are evicted when final");
    } else {
        sb_puts(out, ", warning: state unbounded, no watermark bounds it");
    }
    sb_putc(out, ']');
}

void physical_print(const Physical *ph, EmitMode mode, StrBuf *out)
{
    /* ops[0] is the sink; the last ones are nearest to the sources. */
    int depth = 0;
    for (int i = 0; i < ph->n_ops; i++, depth++) {
        const Op *op = ph->ops[i];
        sb_repeat(out, ' ', (size_t)depth * 2);
        sb_puts(out, op->vt->name);
        StrBuf det = STRBUF_INIT;
        if (op->vt->describe) op->vt->describe(op, &det);
        if (det.len) sb_printf(out, " %s", sb_str(&det));
        sb_free(&det);
        if (op->vt->metrics) print_state(ph, op, mode, out);
        sb_putc(out, '\n');
    }
    for (int i = 0; i < ph->n_inputs; i++) {
        sb_repeat(out, ' ', (size_t)depth * 2);
        print_input(&ph->inputs[i], out);
    }
}
