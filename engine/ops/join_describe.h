/* join_describe — EXPLAIN text for a join's time bound and state expiry
 * (join_describe.c). */
#ifndef SLUICE_JOIN_DESCRIBE_H
#define SLUICE_JOIN_DESCRIBE_H

#include "engine/base/strbuf.h"
#include "ops.h"

/* For EXPLAIN (left, right: the inputs' schemas, which the config's
 * columns index). The probe bound, when there is one:
 * ", bound bts - 1 minute <= ats <= bts" (a zero offset is left out). */
void join_describe_time_bound(const JoinConfig *cfg, const Schema *left, const Schema *right,
                              StrBuf *out);
/* A stream-stream join's state: the bound, then when each side's rows
 * die: "; state bounded by the watermark: a left row is evicted once
 * expires < watermark, a right row once ...", or which side grows. */
void join_describe_state(const JoinConfig *cfg, const Schema *left, const Schema *right,
                         StrBuf *out);

#endif
