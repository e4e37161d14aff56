/* op — helpers shared by all operators (see op.h). */
#include "op.h"

OpStatus op_flush_forward(Op *op)
{
    return op->next ? op_flush(op->next) : OP_OK;
}

OpStatus op_expr_error(Op *op)
{
    ExprErrors *e = op->ctx->expr.errors;
    e->count = 0;
    diag_error(op->ctx->diag, SPAN_NONE, "%s", e->first);
    return OP_ERROR;
}

const char *emit_mode_name(EmitMode m)
{
    switch (m) {
    case MODE_APPEND: return "append";
    case MODE_UPDATE: return "update";
    case MODE_COMPLETE: return "complete";
    }
    return "?";
}
