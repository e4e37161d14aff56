/* catalog — the session's named objects: streams, tables and sinks.
 *
 * Each entry owns an arena holding its definition, so DROP frees exactly
 * that entry. Names are case-insensitive (stored lower-cased unless they
 * were quoted). The catalog knows nothing about SQL text: CREATE statements
 * are validated by the session before an entry is added. */
#ifndef SLUICE_CATALOG_H
#define SLUICE_CATALOG_H

#include <stdbool.h>
#include <stdint.h>

#include "engine/base/arena.h"
#include "engine/io/input.h"
#include "engine/base/types.h"

typedef enum CatalogKind { CAT_STREAM, CAT_TABLE, CAT_SINK } CatalogKind;

typedef struct CatalogEntry {
    CatalogKind kind;
    Arena *arena;            /* owns everything below */
    InputDef def;            /* name, schema, options (sinks: name, options) */
    int wm_column;           /* watermark column index, or -1 */
    int64_t wm_delay_us;     /* WATERMARK FOR c AS c - delay */
    const char *sql;         /* the CREATE statement text, for DESCRIBE */
} CatalogEntry;

typedef struct Catalog {
    int n, cap;
    CatalogEntry **entries;  /* in creation order */
} Catalog;

void catalog_init(Catalog *c);
void catalog_free(Catalog *c);

/* The entry named `name` (any kind), or NULL. */
CatalogEntry *catalog_find(const Catalog *c, const char *name);
/* A new entry with its own arena; the caller fills def. Fails (NULL) if
 * the name is taken. */
CatalogEntry *catalog_add(Catalog *c, CatalogKind kind, const char *name);
/* Remove and free an entry. */
void catalog_drop(Catalog *c, CatalogEntry *e);

const char *catalog_kind_name(CatalogKind k);   /* "stream", "table", "sink" */

#endif
