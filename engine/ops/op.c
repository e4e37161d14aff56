/* op — helpers shared by all operators (see op.h). */
#include "op.h"

OpStatus op_aborted(Op *op)
{
    if (!op->ctx->diag->set) diag_error(op->ctx->diag, SPAN_NONE, "query stopped");
    return OP_ERROR;
}

OpStatus op_flush_forward(Op *op)
{
    return op->next ? op_flush(op->next) : OP_OK;
}

OpStatus op_row_error(Op *op)
{
    RowErrors *e = op->ctx->expr.errors;
    Str msg = expr_row_error_first(e);
    diag_error(op->ctx->diag, SPAN_NONE, "row error in batch %lld: %.*s",
               (long long)op->ctx->batch_id, (int)msg.len, msg.ptr);
    diag_hint(op->ctx->diag, "the query stopped because an input has on_error = 'fail'");
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
