/* explain — EXPLAIN [LOGICAL|PHYSICAL]: the logical plan, each optimizer
 * rule that fired with the plan after it, the physical operator DAG and
 * the output mode with the reason it was chosen. */
#include "session.h"

#include <stdio.h>

int stmt_explain(StmtCtx *c, const AstStmt *st)
{
    const AstStmt *inner = st->explain.stmt;
    if (inner->kind != STMT_SELECT && inner->kind != STMT_INSERT)
        return diag_error(c->diag, inner->span, "EXPLAIN takes a SELECT or an INSERT INTO");
    const AstSelect *sel = inner->kind == STMT_SELECT ? inner->select : inner->insert.query;
    Arena *qa = arena_new();
    StrBuf trace = STRBUF_INIT, out = STRBUF_INIT;
    Query q;
    int rc = session_plan_query(c, qa, sel, &q, &trace);
    if (rc == 0) {
        AstExplainLevel lvl = st->explain.level;
        if (lvl != EXPLAIN_PHYSICAL) {
            sb_append(&out, trace.data ? trace.data : "", trace.len);
            if (lvl == EXPLAIN_ALL) sb_puts(&out, "== Optimized plan ==\n");
            else sb_puts(&out, "== Optimized plan ==\n");
            plan_print(q.plan, &out);
        }
        if (lvl != EXPLAIN_LOGICAL) {
            sb_puts(&out, "== Physical plan ==\n");
            rc = exec_explain_physical(&q, qa, inner->kind == STMT_INSERT ? inner->insert.sink : NULL, &out,
                                       c->diag);
        }
        if (rc == 0) {
            sb_printf(&out, "Output mode: %s (%s)\n", emit_mode_name(q.mode), q.mode_reason);
            if (q.is_static) sb_puts(&out, "Runs once: every input is a table.\n");
            fputs(sb_str(&out), c->s->cfg.out);
            session_flush_out(c->s);
        }
    }
    sb_free(&trace);
    sb_free(&out);
    arena_free(qa);
    return rc;
}
