/* memcheck — a running query's memory against memory_limit, and the
 * warning when its state grows without bound.
 *
 * The executor calls memcheck_run after every chunk it pushes and every
 * flush. It sums what the query holds: every operator's state (its
 * metrics: hash tables, kept rows, key strings), the static tables of
 * joins, and the bytes the executor reports for its read buffers; then
 * moves the session's MemBudget by the change. When the query grew and
 * its next growth would take the session's total over the limit, the query
 * fails before the limit is crossed. The next growth is taken as twice the
 * largest growth between two checks so far (a hash table doubles: its next
 * step is twice its last):
 *   out of memory: query 1 holds 3.1 MiB and grew by up to 512 KiB at a
 *   time; the next growth would pass memory_limit (4 MiB)
 * (or "..., over memory_limit" if a first step already passed it)
 *   detail: the largest state is HashAggregate's: 70000 rows in 7.9 MiB
 *   hint: ... (what bounds that state; how to raise the limit)
 * Once per query, when the state of an operator that nothing evicts
 * (EXPLAIN's "warning: state unbounded") passes a quarter of the limit,
 * or 64 MiB, whichever is lower, it prints on err:
 *   warning: query 1: the state of HashAggregate grows without bound
 *   (12000 rows, 2.0 MiB): no watermark bounds it; the query will fail
 *   when the session reaches memory_limit (8 MiB)
 * Not here: the limit's setting (statements.c, the CLI). */
#ifndef SLUICE_MEMCHECK_H
#define SLUICE_MEMCHECK_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include "exec.h"
#include "physical.h"

/* What one query has counted so far. */
typedef struct MemCheck {
    int64_t used;        /* its share of the budget */
    int64_t max_step;    /* the largest growth between two checks */
    bool warned;         /* the growth warning was printed */
} MemCheck;

/* A run's context for one check. */
typedef struct MemCheckEnv {
    const Physical *ph;
    EmitMode mode;
    bool is_static;      /* a one-shot query: its inputs bound it */
    int64_t query_id;
    FILE *err;           /* the warning; NULL: none */
} MemCheckEnv;

/* Count the query (ph's operators + extra_bytes of buffers) into mb.
 * Returns 0, or -1 with d filled when the query grew and the session is
 * over the limit. mb NULL: nothing is counted. */
int memcheck_run(MemCheck *mc, MemBudget *mb, const MemCheckEnv *env, int64_t extra_bytes, Diag *d);

/* The query ends: give its share back. */
void memcheck_release(MemCheck *mc, MemBudget *mb);

/* Why op's state grows without bound under mode ("no watermark bounds
 * it", ...), or NULL when something evicts it. */
const char *memcheck_unbounded(const Op *op, EmitMode mode, StrBuf *scratch);

#endif
