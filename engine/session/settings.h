/* settings — the table of session settings (SET, RESET, SHOW SETTINGS,
 * and the dot commands .maxrows, .maxwidth, .headers, .nullvalue, .timer,
 * .echo, .format). Internal to the engine; see settings.c. */
#ifndef SLUICE_SETTINGS_H
#define SLUICE_SETTINGS_H

#include <stdbool.h>

#include "engine/base/diag.h"
#include "sluice.h"

/* Every setting at its default (format: the one cfg gave). */
void settings_init(Sluice *s);
/* Free what the settings own. */
void settings_free(Sluice *s);

/* SET name = value. Unknown names and bad values fill d (did-you-mean
 * hint; spans point at the name or the value) and return -1. */
int settings_set(Sluice *s, const char *name, const char *value, Span name_span, Span value_span, Diag *d);
/* RESET name, or every setting when name is NULL. */
int settings_reset(Sluice *s, const char *name, Span span, Diag *d);
/* Append the current value of a setting; false if there is none. */
bool settings_show_value(const Sluice *s, const char *name, StrBuf *out);
/* SHOW SETTINGS: name, value, default, description of each. */
void settings_show_all(Sluice *s);
/* The setting names (NULL-terminated), for completion. */
const char *const *settings_names(void);

#endif
