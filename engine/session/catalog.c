/* catalog — named streams, tables and sinks (see catalog.h). */
#include "catalog.h"
#include "engine/base/mem.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

void catalog_init(Catalog *c)
{
    memset(c, 0, sizeof *c);
}

void catalog_free(Catalog *c)
{
    for (int i = 0; i < c->n; i++) {
        arena_free(c->entries[i]->arena);
        free(c->entries[i]);
    }
    free(c->entries);
    memset(c, 0, sizeof *c);
}

CatalogEntry *catalog_find(const Catalog *c, const char *name)
{
    for (int i = 0; i < c->n; i++)
        if (strcasecmp(c->entries[i]->def.name, name) == 0) return c->entries[i];
    return NULL;
}

CatalogEntry *catalog_add(Catalog *c, CatalogKind kind, const char *name)
{
    if (catalog_find(c, name)) return NULL;
    size_t cap = (size_t)c->cap;
    c->entries = xgrow(c->entries, &cap, (size_t)c->n + 1, sizeof *c->entries);
    c->cap = (int)cap;
    CatalogEntry *e = xcalloc(1, sizeof *e);
    e->kind = kind;
    e->arena = arena_new();
    e->def.name = arena_strdup(e->arena, name);
    e->def.is_stream = kind == CAT_STREAM;
    e->wm_column = -1;
    c->entries[c->n++] = e;
    return e;
}

void catalog_drop(Catalog *c, CatalogEntry *e)
{
    for (int i = 0; i < c->n; i++) {
        if (c->entries[i] != e) continue;
        memmove(&c->entries[i], &c->entries[i + 1], sizeof(*c->entries) * (size_t)(c->n - i - 1));
        c->n--;
        arena_free(e->arena);
        free(e);
        return;
    }
}

const char *catalog_kind_name(CatalogKind k)
{
    return k == CAT_STREAM ? "stream" : k == CAT_TABLE ? "table" : "sink";
}
