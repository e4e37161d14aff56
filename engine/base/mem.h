/* mem — allocation that never returns NULL.
 *
 * Every allocation in sluice goes through these wrappers or an Arena.
 * Out of memory is not a recoverable condition here: the process prints a
 * message and aborts. Nothing in the engine checks for NULL from these. */
#ifndef SLUICE_MEM_H
#define SLUICE_MEM_H

#include <stddef.h>

void *xmalloc(size_t n);
void *xcalloc(size_t count, size_t size);
void *xrealloc(void *p, size_t n);
char *xstrdup(const char *s);
char *xstrndup(const char *s, size_t n);

/* Grow an array so that it holds at least `need` elements of `elem` bytes;
 * *cap is updated. Doubling keeps appends amortised O(1). */
void *xgrow(void *p, size_t *cap, size_t need, size_t elem);

#endif
