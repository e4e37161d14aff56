/* cli — the pieces of the sluice front end shared by its files.
 *
 *   main.c      argument parsing; picks script mode or the REPL
 *   cli.c       running -e/-f/stdin scripts, reading files, signals
 *   repl.c      the interactive loop (GNU readline)
 *   complete.c  tab completion of keywords, names and meta commands
 *   async_output.c  background output that keeps the prompt intact
 *
 * The front end knows the engine only through engine/sluice.h. */
#ifndef SLUICE_CLI_H
#define SLUICE_CLI_H

#include <stdbool.h>

#include "engine/session/sluice.h"

/* Exit statuses. */
#define EXIT_OK 0
#define EXIT_FAILED 1      /* a statement (or a script file) failed */
#define EXIT_USAGE 2       /* bad command line */

/* One -e or -f, in command-line order. */
typedef struct CliAction {
    bool is_file;          /* -f FILE, else -e SQL */
    const char *arg;
} CliAction;

/* Run the -e/-f actions in order (-f - reads the script from stdin).
 * Stops at the first failure unless keep_going, and at once after
 * SIGINT/SIGTERM or .quit. Returns the exit status: 0, 1 (something
 * failed, with keep_going too) or the signal status (130, 143). */
int cli_run_actions(Sluice *s, const CliAction *acts, int n, bool keep_going);

/* After the scripts: run until every background query they started
 * (INSERT INTO) has ended, as SPEC §1 asks ("sluice exits when every
 * query it started has ended"); SIGINT/SIGTERM stop them, each after its
 * current micro-batch, with its output committed. status is what the
 * scripts returned; a failed script (status != 0) does not wait, unless
 * keep_going; nor does one that ran .quit. Returns the exit status:
 * status, 1 if a background query failed, or the signal status. */
int cli_wait_queries(Sluice *s, int status, bool keep_going);

/* Read all of standard input and run it as one script ("sluice <
 * script.sql"). Returns the exit status as cli_run_actions. */
int cli_run_stdin(Sluice *s, bool keep_going);

/* Run the statements of a file (.read, -f). Prints `sluice: cannot read
 * "x": reason` to stderr if it cannot be read. Returns 0 or -1. */
int cli_run_file(Sluice *s, const char *path, bool keep_going);

/* Read a whole file (NUL-terminated, caller frees); NULL with errno set on
 * failure. Retries reads interrupted by a signal unless one of ours
 * (SIGINT/SIGTERM) was received, then fails with EINTR. */
char *cli_read_fd(Sluice *s, int fd);

/* Install the SIGINT/SIGTERM handlers for session s: they call
 * sluice_interrupt_signal(s, sig). catch_sigint false ignores SIGINT
 * instead (the REPL while it waits at its prompt). */
void cli_signals_install(Sluice *s, bool catch_sigint);

/* True if a SIGINT arrived since the last cli_signals_install. */
bool cli_sigint_seen(void);

/* The session the signal handlers act on. Readline's completion hooks
 * take no user data either, so completion reads it here too. */
Sluice *cli_session(void);

/* The interactive loop (`.format` reads and sets the session's format).
 * Returns the exit status: 0 after .quit or Ctrl-D, 143 after SIGTERM. */
int repl_run(Sluice *s);

/* Hook tab completion into readline (keywords, names, meta commands,
 * file names after .read). */
void complete_install(void);

/* The session's out and err for the REPL with a terminal: streams over
 * descriptors 1 and 2 (stdout and stderr if they cannot be made) that
 * write straight through, except between async_output_begin and
 * async_output_end, which bracket a background step while readline's
 * prompt is on screen: the first write to a terminal then clears the
 * prompt line, and the end draws the prompt and typed text again. */
void async_output_open(FILE **out, FILE **err);
void async_output_begin(void);
void async_output_end(void);
/* Write out what stdout and the two streams hold. */
void async_output_flush(void);
/* After sluice_free: the session no longer writes to them. */
void async_output_close(void);

#endif
