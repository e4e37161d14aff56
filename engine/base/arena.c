/* arena — bump allocator over a chain of blocks (see arena.h). */
#include "arena.h"
#include "mem.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

enum { BLOCK_MIN = 64 * 1024, ALIGN = 16, BLOCK_KEEP_MAX = 16 * 1024 * 1024 };

typedef struct Block {
    struct Block *next;
    size_t size, used;
    _Alignas(16) unsigned char data[];
} Block;

typedef struct Deferred {
    struct Deferred *next;
    void (*fn)(void *arg);
    void *arg;
} Deferred;

struct Arena {
    Block *head;       /* current block; older blocks follow */
    Deferred *deferred;/* arena_defer calls, newest first */
    size_t used;       /* bytes handed out */
    size_t reserved;   /* bytes of all blocks */
};

Arena *arena_new(void)
{
    return xcalloc(1, sizeof(Arena));
}

static void free_chain(Block *b)
{
    while (b) {
        Block *next = b->next;
        free(b);
        b = next;
    }
}

static void run_deferred(Arena *a)
{
    Deferred *d = a->deferred;
    a->deferred = NULL;
    for (; d; d = d->next) d->fn(d->arg);
}

void arena_defer(Arena *a, void (*fn)(void *arg), void *arg)
{
    Deferred *d = arena_alloc(a, sizeof *d);
    *d = (Deferred){.next = a->deferred, .fn = fn, .arg = arg};
    a->deferred = d;
}

void arena_free(Arena *a)
{
    if (!a) return;
    run_deferred(a);
    free_chain(a->head);
    free(a);
}

void arena_reset(Arena *a)
{
    run_deferred(a);
    if (!a->head) return;
    /* Keep the newest block, the largest (sizes double along the chain),
     * and drop the rest: an arena reused cycle after cycle settles on one
     * block that holds a whole cycle, instead of freeing and allocating
     * (and page-faulting) its growth every time. */
    Block *keep = a->head;
    free_chain(keep->next);
    if (keep->size > BLOCK_KEEP_MAX) {     /* one outsized allocation: let it go */
        free(keep);
        a->head = NULL;
        a->used = a->reserved = 0;
        return;
    }
    keep->used = 0;
    keep->next = NULL;
    a->used = 0;
    a->reserved = keep->size;
}

void *arena_alloc(Arena *a, size_t n)
{
    n = (n + ALIGN - 1) & ~(size_t)(ALIGN - 1);
    Block *b = a->head;
    if (!b || b->size - b->used < n) {
        size_t size = n > BLOCK_MIN ? n : BLOCK_MIN;
        if (b && size < b->size * 2 && n <= b->size * 2) size = b->size * 2;
        if (size > BLOCK_KEEP_MAX && n < size) size = n > BLOCK_MIN ? n : BLOCK_KEEP_MAX;
        Block *nb = xmalloc(sizeof(Block) + size);
        nb->size = size;
        nb->used = 0;
        nb->next = b;
        a->head = nb;
        a->reserved += size;
        b = nb;
    }
    void *p = b->data + b->used;
    b->used += n;
    a->used += n;
    return p;
}

void *arena_calloc(Arena *a, size_t n)
{
    void *p = arena_alloc(a, n);
    memset(p, 0, n);
    return p;
}

char *arena_strndup(Arena *a, const char *s, size_t n)
{
    char *d = arena_alloc(a, n + 1);
    memcpy(d, s, n);
    d[n] = '\0';
    return d;
}

char *arena_strdup(Arena *a, const char *s)
{
    return arena_strndup(a, s, strlen(s));
}

void *arena_memdup(Arena *a, const void *p, size_t n)
{
    void *d = arena_alloc(a, n);
    memcpy(d, p, n);
    return d;
}

size_t arena_used(const Arena *a) { return a->used; }
size_t arena_reserved(const Arena *a) { return a->reserved; }
