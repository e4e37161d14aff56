/* checkpoint — the directory in which a query keeps its progress.
 *
 *   DIR/metadata          what the query is: its inputs and the shape of
 *                         every stateful operator (the plan fingerprint),
 *                         and the sink's fixed facts
 *   DIR/offsets/N         batch N's bounds: each input's start and end
 *                         offset, its processing time, watermarks; written
 *                         before anything of the batch becomes visible
 *   DIR/commits/N         batch N is done: the sink's token, the query's
 *                         progress, and which state files hold its state
 *   DIR/state/<op>/V.delta | V.snapshot
 *                         operator <op>'s state after batch V: what changed
 *                         since the file before it, or all of it
 *
 * Every file is a state_io file (checksummed, written atomically). This
 * module knows the layout, the chain of state files and what may be
 * removed; exec.c decides what goes into the records (it owns the batch
 * protocol, see docs/architecture.md). */
#ifndef SLUICE_CHECKPOINT_H
#define SLUICE_CHECKPOINT_H

#include <stdbool.h>
#include <stdint.h>

#include "engine/base/diag.h"
#include "engine/base/strbuf.h"
#include "engine/ops/op.h"
#include "engine/state/state_io.h"

/* A state chain: the snapshot and the deltas after it, in order. */
enum { CKPT_MAX_OPS = 64 };

typedef struct Checkpoint Checkpoint;

/* Open DIR (created if missing). `shape` describes the query (inputs and
 * stateful operators, one line each): a new checkpoint records it; an
 * existing one must hold the same, else -1 with d naming the first line
 * that differs. NULL on error with d set. */
Checkpoint *ckpt_open(const char *dir, const char *shape, Diag *d);
void ckpt_close(Checkpoint *c);
const char *ckpt_dir(const Checkpoint *c);
/* True when the checkpoint was created by this open (no earlier run). */
bool ckpt_is_new(const Checkpoint *c);

/* A value the sink fixes at the first run and must keep (per_batch file
 * numbering): stored in the metadata. */
int ckpt_set_sink_fact(Checkpoint *c, int64_t v, Diag *d);
int64_t ckpt_sink_fact(const Checkpoint *c);     /* -1: not set */

/* The newest commit and offsets records (-1: none). */
int64_t ckpt_last_commit(const Checkpoint *c);
int64_t ckpt_last_offsets(const Checkpoint *c);

/* Write a record held in w (begun with the right kind) as offsets/N or
 * commits/N. fault_step: see state_io (reached half way), or NULL. */
int ckpt_write_offsets(Checkpoint *c, int64_t batch, StateWriter *w, Diag *d);
int ckpt_write_commit(Checkpoint *c, int64_t batch, StateWriter *w, Diag *d);
/* Read offsets/N or commits/N (must exist); sr_close it when done. */
int ckpt_read_offsets(Checkpoint *c, int64_t batch, StateReader *r, Diag *d);
int ckpt_read_commit(Checkpoint *c, int64_t batch, StateReader *r, Diag *d);

/* Save the state of the stateful operators ops[0..n) after batch
 * `batch`: a delta per operator, or a snapshot when the chain since the
 * last one is long (every 10 deltas) or its deltas outweigh the snapshot.
 * The chain of every operator is then appended to w (for the commit
 * record). */
int ckpt_save_state(Checkpoint *c, int64_t batch, Op **ops, int n, StateWriter *w, Diag *d);
/* Load the state recorded in a commit record (read from r, as written by
 * ckpt_save_state) into ops[0..n). */
int ckpt_load_state(Checkpoint *c, StateReader *r, Op **ops, int n, Diag *d);

/* Remove records and state files no longer needed once `batch` is
 * committed: offsets and commits more than CKPT_RETAIN batches old, state
 * files older than each operator's current snapshot. Errors are ignored
 * (a file left behind costs space only). */
enum { CKPT_RETAIN = 100 };
void ckpt_cleanup(Checkpoint *c, int64_t batch);

#endif
