/* sluice — the engine's public interface.
 *
 * The REPL and the CLI know the engine only through this header, so a
 * test or another program can embed it the same way. One Sluice is one
 * session: a catalog, settings, and the queries it runs. There is no
 * global state; two sessions can live in one process. */
#ifndef SLUICE_SLUICE_H
#define SLUICE_SLUICE_H

#include <poll.h>
#include <signal.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include "engine/sinks/render.h"

#define SLUICE_VERSION "0.1.0"

typedef struct Sluice Sluice;

typedef struct SluiceConfig {
    OutputFormat format;     /* how SELECT results print */
    FILE *out;               /* results (stdout) */
    FILE *err;               /* errors, warnings, bad-record reports (stderr) */
    int stdin_fd;            /* what the 'stdin' connector reads; -1 if stdin
                                carries the statements themselves */
    bool progress;           /* --progress: per-batch progress on err */
    bool interactive;        /* REPL: errors do not end anything */
    int64_t memory_limit;    /* --memory-limit in bytes: what all queries may
                                hold together; 0: 80% of the memory available
                                (RAM, or the cgroup's limit); SET memory_limit
                                changes it */
    const char *checkpoint_dir; /* --checkpoint DIR: the checkpoint_dir setting's
                                value at start (NULL: none); not owned */
} SluiceConfig;

Sluice *sluice_new(const SluiceConfig *cfg);
void sluice_free(Sluice *s);

/* Run every statement of `text`, one after the other. src_name names the
 * text in error messages (a file path; NULL for -e and the REPL). A
 * foreground query (SELECT) runs until its inputs end or it is
 * interrupted, with the background queries running alongside; INSERT
 * INTO starts a background query and returns at once (printing
 * "started query N (INSERT INTO sink)" in an interactive session). On the first failing statement the error is printed to
 * cfg->err and, unless keep_going, the rest is skipped. Returns 0 if every
 * statement succeeded, -1 otherwise. */
int sluice_exec(Sluice *s, const char *src_name, const char *text, bool keep_going);
/* Dot commands (.read FILE, .format, .output, .timer, ...; see
 * docs/cli.md) are statements of this text too: one per line, where a
 * statement may start. .read runs its file through sluice_exec, nested. */

/* ---- background queries (INSERT INTO) --------------------------------------
 *
 * INSERT INTO starts a query in the background and returns; the session
 * runs it, micro-batch by micro-batch, whenever it is given control: while
 * a foreground SELECT runs, in sluice_wait, or in sluice_poll_step. */

/* Run every query until each background query has ended (its inputs are
 * exhausted, it failed, or STOP QUERY). An interrupt (sluice_interrupt)
 * stops them all, each after its current micro-batch, with its output
 * committed. Returns 0, or -1 if a background query failed since the last
 * call (its error was printed to cfg->err when it failed). */
int sluice_wait(Sluice *s);

/* For an event loop that waits for other things too (the REPL waits for
 * keys): the descriptors to poll for readability (up to max) and the
 * longest wait in ms before sluice_poll_step is worth calling (-1: wait
 * for the descriptors only, no query runs; 0: call it now). Returns the
 * number of descriptors filled. */
int sluice_poll_fds(Sluice *s, struct pollfd *fds, int max, int *timeout_ms);
/* Give each running query one step (at most one micro-batch each) and
 * end those that finished, failed or were stopped. Never blocks for long:
 * a micro-batch coalesces input for at most 100 ms (exec.c's BATCH_MAX_MS). */
void sluice_poll_step(Sluice *s);

/* How many queries are running now. */
int sluice_running_queries(const Sluice *s);

/* True if text holds a complete statement (see parse_is_complete). */
bool sluice_statement_complete(const char *text);

/* Ask the running queries to stop at the end of their current micro-batch
 * (every row already produced is still written): in an interactive
 * session only the foreground query, otherwise every query.
 * Async-signal-safe: only sets a flag. */
void sluice_interrupt(Sluice *s);
/* True once an interrupt was requested and not yet consumed. */
bool sluice_interrupted(const Sluice *s);

/* Names for tab completion: calls fn for every stream, table and sink
 * name, and every column name of them. */
void sluice_each_name(const Sluice *s, void (*fn)(const char *name, void *arg), void *arg);
/* Only the stream, table and sink names (completion after FROM, JOIN,
 * INTO, DESCRIBE). */
void sluice_each_relation(const Sluice *s, void (*fn)(const char *name, void *arg), void *arg);

/* Change how SELECT results print from now on (REPL `.format csv`). */
void sluice_set_format(Sluice *s, OutputFormat fmt);
/* The current output format (SET format may change it too). */
OutputFormat sluice_format(const Sluice *s);

/* True once .quit or .exit ran (in a script it skips the rest; the REPL
 * ends). */
bool sluice_quit_requested(const Sluice *s);

/* Names for completion (NULL-terminated): the settings of SET / RESET,
 * and the dot commands. */
const char *const *sluice_setting_names(void);
const char *const *sluice_dot_commands(void);

/* Exit status the process should use after an interrupt by signal sig
 * (SIGINT 130, SIGTERM 143), or 0 if none was received. Set by
 * sluice_interrupt_signal, which is sluice_interrupt plus the status; a
 * second call while the interrupt is pending stops the running queries at
 * once, mid-batch, dropping that batch (async-signal-safe: flags only). */
void sluice_interrupt_signal(Sluice *s, int sig);
int sluice_signal_status(const Sluice *s);

/* Non-zero (an errno: ENOSPC, EPIPE, EIO, ...) once writing results to
 * cfg->out failed. The failing statement reported it on cfg->err and
 * sluice_exec ran nothing after it, even with keep_going; the front end
 * should stop too and exit non-zero. */
int sluice_output_error(const Sluice *s);

/* Keywords of the language (NULL-terminated), for completion. */
const char *const *sluice_keywords(void);

#endif
