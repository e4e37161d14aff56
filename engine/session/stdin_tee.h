/* stdin_tee — one reader of standard input for every input that reads it.
 *
 * A process has one standard input, but several queries (or one query
 * joining a stdin stream with itself) may read it. A lone reader reads the
 * descriptor itself, at full speed. When a second reader opens, the tee
 * takes over: it moves the source to a descriptor of its own, puts a pipe
 * in its place (dup2, so the first reader keeps its descriptor number and
 * simply reads the pipe from then on), and copies what it reads into one
 * pipe per reader, so each input sees every byte from the moment it
 * opened, with its own offsets. Nothing blocks: the tee reads only what
 * poll() says is there and writes only what a pipe accepts, keeping the
 * rest for later (up to a limit, after which it stops reading until the
 * slowest reader catches up). The scheduler pumps it between batches. */
#ifndef SLUICE_STDIN_TEE_H
#define SLUICE_STDIN_TEE_H

#include <poll.h>
#include <stdbool.h>

#include "engine/base/diag.h"

typedef struct StdinTee StdinTee;

StdinTee *tee_new(int src);            /* src is not owned, but once shared its
                                          descriptor number holds a pipe */
void tee_free(StdinTee *t);            /* closes every pipe */

/* A new reader: the read end of its pipe, or -1 with d filled. */
int tee_open(StdinTee *t, Diag *d);
/* The reader is gone: its pipe is closed, its backlog dropped. */
void tee_close(StdinTee *t, int rfd);

/* Move data: flush backlogs into the pipes, then read what standard input
 * has (waiting up to timeout_ms for it) and copy it to every reader. At
 * the end of standard input every pipe is closed once drained, so the
 * readers see the end too. */
void tee_pump(StdinTee *t, int timeout_ms);
/* Descriptors the tee waits on (standard input, pipes with a backlog). */
int tee_fds(const StdinTee *t, struct pollfd *fds, int max);

#endif
