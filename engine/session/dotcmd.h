/* dotcmd — dot commands (.read, .format, .output, ...) as statements of
 * the script language; see dotcmd.c. Internal to the engine: sluice_exec
 * calls it for every source of statements. */
#ifndef SLUICE_DOTCMD_H
#define SLUICE_DOTCMD_H

#include <stdbool.h>
#include <stdint.h>

#include "engine/base/diag.h"
#include "sluice.h"

/* True if the next statement after `off` (past blanks and comments) is a
 * dot command; *start is the offset of its '.'. */
bool dot_find(const char *text, uint32_t off, uint32_t *start);

/* Run the dot command at `start` of text; *next is the offset after its
 * line. Returns 0, or -1: with d filled for an error of this command, or
 * with d empty when a .read file failed (its errors are already printed). */
int dot_run(Sluice *s, const char *text, uint32_t start, uint32_t *next, bool keep_going, Diag *d);

/* Results go back to the session's own output (after .output / .once);
 * a file they went to is closed. */
void dot_output_restore(Sluice *s);

/* The dot command names (NULL-terminated), for completion. */
const char *const *dot_commands(void);

#endif
