/* physical — logical plan to push operators (see physical.h). */
#include "physical.h"
#include "ops/ops.h"

#include <string.h>

static int add_op(Physical *ph, Op *op, Diag *d)
{
    if (ph->n_ops >= PHYS_MAX_OPS)
        return diag_error(d, SPAN_NONE, "query too complex: more than %d operators", PHYS_MAX_OPS);
    ph->ops[ph->n_ops++] = op;
    return 0;
}

/* Build p's operator(s) feeding `next`; recurse towards the scan. */
static int build(ExecCtx *ctx, const Plan *p, Op *next, Physical *ph, Diag *d)
{
    const Schema *in = p->input ? &p->input->schema : &p->schema;
    Op *op = NULL;
    switch (p->kind) {
    case PLAN_SCAN:
        ph->input = p->scan.def;
        ph->needed = p->scan.needed;
        if (p->scan.filter) {
            op = op_filter_new(ctx, next, &p->schema, p->scan.filter);
            if (add_op(ph, op, d) < 0) return -1;
            next = op;
        }
        ph->entry = next;
        return 0;
    case PLAN_VALUES:
        ph->input = NULL;
        ph->entry = next;
        return 0;
    case PLAN_FILTER: op = op_filter_new(ctx, next, in, p->filter.pred); break;
    case PLAN_PROJECT: op = op_project_new(ctx, next, p->project.exprs, p->project.n, &p->schema); break;
    case PLAN_EXPLODE:
        op = op_explode_new(ctx, next, in, p->explode.text, p->explode.delim, p->explode.regex, &p->schema);
        break;
    case PLAN_AGGREGATE: op = op_agg_new(ctx, next, in, &p->agg.cfg, &p->schema); break;
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

int physical_build(ExecCtx *ctx, const Plan *root, Op *sink, Physical *out, Diag *d)
{
    memset(out, 0, sizeof *out);
    if (add_op(out, sink, d) < 0) return -1;
    return build(ctx, root, sink, out, d);
}

static void print_input(const Physical *ph, StrBuf *out)
{
    if (!ph->input) {
        sb_puts(out, "Values (one empty row)\n");
        return;
    }
    const InputDef *def = ph->input;
    const char *conn = options_get(&def->options, "connector");
    const char *fmt = options_get(&def->options, "format");
    sb_printf(out, "Source %s %s (connector=%s, format=%s) columns=[", def->is_stream ? "stream" : "table",
              def->name, conn ? conn : "?", fmt ? fmt : "csv");
    bool first = true;
    for (int i = 0; i < def->schema.n; i++) {
        if (ph->needed && !ph->needed[i]) continue;
        sb_printf(out, "%s%s", first ? "" : ", ", def->schema.cols[i].name);
        first = false;
    }
    sb_puts(out, "]\n");
}

void physical_print(const Physical *ph, EmitMode mode, StrBuf *out)
{
    /* ops[0] is the sink; ops[n-1] is nearest to the source. */
    int depth = 0;
    for (int i = 0; i < ph->n_ops; i++, depth++) {
        const Op *op = ph->ops[i];
        sb_repeat(out, ' ', (size_t)depth * 2);
        sb_puts(out, op->vt->name);
        StrBuf det = STRBUF_INIT;
        if (op->vt->describe) op->vt->describe(op, &det);
        if (det.len) sb_printf(out, " %s", sb_str(&det));
        sb_free(&det);
        if (op->vt->metrics) {
            sb_printf(out, " [stateful, mode=%s", emit_mode_name(mode));
            if (mode == MODE_COMPLETE)
                sb_puts(out, ", state kept for the whole query: complete mode never evicts");
            else if (op->vt->bounded && op->vt->bounded(op))
                sb_puts(out, ", state bounded: groups are evicted when final");
            else
                sb_puts(out, ", warning: state unbounded, no watermark bounds it");
            sb_putc(out, ']');
        }
        sb_putc(out, '\n');
    }
    sb_repeat(out, ' ', (size_t)depth * 2);
    print_input(ph, out);
}
