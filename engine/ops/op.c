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

const char *emit_mode_name(EmitMode m)
{
    switch (m) {
    case MODE_APPEND: return "append";
    case MODE_UPDATE: return "update";
    case MODE_COMPLETE: return "complete";
    }
    return "?";
}
