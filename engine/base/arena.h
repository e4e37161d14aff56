/* arena — bump allocation for things that die together.
 *
 * sluice has three lifetimes, each with its arena: the session (catalog),
 * the query (AST, plan, operator state) and the batch (strings and scratch,
 * reset when the batch has drained). Memory is freed only by resetting or
 * freeing the whole arena. Allocation never fails (aborts on OOM). */
#ifndef SLUICE_ARENA_H
#define SLUICE_ARENA_H

#include <stddef.h>

typedef struct Arena Arena;

/* A new empty arena; blocks are allocated lazily. */
Arena *arena_new(void);
void arena_free(Arena *a);

/* Forget every allocation but keep the newest (largest) block for reuse,
 * unless it is above 16 MiB. */
void arena_reset(Arena *a);

/* Call fn(arg) when the arena is next reset or freed (latest registered
 * first), for things an arena holds that own other memory (a compiled
 * regular expression). The record lives in the arena. */
void arena_defer(Arena *a, void (*fn)(void *arg), void *arg);

/* n bytes aligned to 16; contents undefined. */
void *arena_alloc(Arena *a, size_t n);
/* n zeroed bytes aligned to 16. */
void *arena_calloc(Arena *a, size_t n);
/* Copies of strings, NUL-terminated. */
char *arena_strdup(Arena *a, const char *s);
char *arena_strndup(Arena *a, const char *s, size_t n);
void *arena_memdup(Arena *a, const void *p, size_t n);

/* Bytes handed out since creation or the last reset (for state metrics). */
size_t arena_used(const Arena *a);
/* Bytes reserved from the system. */
size_t arena_reserved(const Arena *a);

#define ARENA_NEW(a, T) ((T *)arena_calloc((a), sizeof(T)))
#define ARENA_ARRAY(a, T, n) ((T *)arena_calloc((a), sizeof(T) * (size_t)(n)))

#endif
