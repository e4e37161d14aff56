/* project — computes the output columns of a batch. A plain column
 * reference passes the input vector through without copying; other
 * expressions are evaluated over the selected rows only, so the output
 * keeps the input's selection vector. */
#include "ops.h"

#include <string.h>

typedef struct ProjectOp {
    Op base;
    Expr **exprs;
    int n;
    Vector *cols;      /* output vectors, rebuilt every push */
} ProjectOp;

static OpStatus project_push(Op *op, Batch *in)
{
    ProjectOp *p = (ProjectOp *)op;
    for (int i = 0; i < p->n; i++) {
        const Expr *e = p->exprs[i];
        if (e->kind == EXPR_COLUMN)
            p->cols[i] = in->cols[e->column];
        else
            expr_eval(&op->ctx->expr, e, in, &p->cols[i]);
    }
    Batch out = *in;
    out.cols = p->cols;
    out.n_cols = p->n;
    return op_push(op->next, &out);
}

static void project_describe(const Op *op, StrBuf *out)
{
    const ProjectOp *p = (const ProjectOp *)op;
    sb_putc(out, '[');
    for (int i = 0; i < p->n; i++) {
        if (i) sb_puts(out, ", ");
        const char *name = op->out.cols[i].name;
        if (p->exprs[i]->kind == EXPR_COLUMN && p->exprs[i]->name && name &&
            strcmp(p->exprs[i]->name, name) == 0) {
            sb_puts(out, name);
        } else {
            sb_printf(out, "%s := ", name ? name : "?");
            expr_print(p->exprs[i], out);
        }
    }
    sb_putc(out, ']');
}

static const OpVtab project_vtab = {
    .name = "Project",
    .push = project_push,
    .flush = op_flush_forward,
    .describe = project_describe,
};

Op *op_project_new(ExecCtx *ctx, Op *next, Expr **exprs, int n, const Schema *out)
{
    ProjectOp *p = ARENA_NEW(ctx->arena, ProjectOp);
    p->base.vt = &project_vtab;
    p->base.next = next;
    p->base.ctx = ctx;
    p->base.out = *out;
    p->exprs = exprs;
    p->n = n;
    p->cols = ARENA_ARRAY(ctx->arena, Vector, n > 0 ? n : 1);
    return &p->base;
}
