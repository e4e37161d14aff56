/* complete — tab completion for the REPL.
 *
 *   SEL<Tab>          -> SELECT       keywords, in upper case when the
 *   sel<Tab>          -> select       typed prefix has no lower-case letter
 *   FROM cl<Tab>      -> clicks       stream, table, sink and column names
 *   c.ad<Tab>         -> c.ad_id      (as declared), after a qualifier too
 *   .fo<Tab>          -> .format      meta commands at the line start
 *   .format c<Tab>    -> csv, changelog
 *   .read ex<Tab>                     file names (also in subfolders)
 *   SET max_r<Tab>    -> max_rows     settings after SET and RESET
 *   FROM cl<Tab>      -> clicks       after FROM/JOIN: streams and tables
 *   path = 'da<Tab>                   file names inside path = '...'
 * Nothing completes inside other strings.
 *
 * Matching is case-insensitive. The candidates come from the engine
 * (sluice_keywords, sluice_each_name) at every Tab, so names declared a
 * moment ago complete at once. */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <readline/readline.h>

#include "cli.h"
#include "engine/base/mem.h"

typedef struct Matches {
    const char *prefix;          /* what is being completed (after a qualifier) */
    size_t prefix_len;
    const char *qualifier;       /* "c." of "c.ad", or "" */
    size_t qualifier_len;
    char **items;                /* items[0] is left for readline's substitution */
    size_t n, cap;
} Matches;

static void add_match(Matches *m, const char *word, bool upper, bool lower)
{
    if (strncasecmp(word, m->prefix, m->prefix_len) != 0) return;
    size_t len = strlen(word);
    char *text = xmalloc(m->qualifier_len + len + 1);
    memcpy(text, m->qualifier, m->qualifier_len);
    for (size_t i = 0; i <= len; i++) {
        char c = word[i];
        if (upper) c = (char)toupper((unsigned char)c);
        if (lower) c = (char)tolower((unsigned char)c);
        text[m->qualifier_len + i] = c;
    }
    for (size_t i = 1; i < m->n; i++) {
        if (strcasecmp(m->items[i], text) == 0) {     /* already offered */
            free(text);
            return;
        }
    }
    m->items = xgrow(m->items, &m->cap, m->n + 2, sizeof *m->items);
    m->items[m->n++] = text;
    m->items[m->n] = NULL;
}

static void add_name(const char *name, void *arg)
{
    add_match(arg, name, false, false);
}

/* readline's result: items[0] = the text to put in place of the word (the
 * only match, or the matches' longest common prefix), then the matches. */
static char **finish(Matches *m, const char *text)
{
    if (m->n <= 1) {
        free(m->items);
        return NULL;
    }
    if (m->n == 2) {
        m->items[0] = xstrdup(m->items[1]);
        return m->items;
    }
    size_t common = strlen(m->items[1]);
    for (size_t i = 2; i < m->n; i++) {
        size_t k = 0;
        while (k < common && m->items[i][k] == m->items[1][k]) k++;
        common = k;
    }
    m->items[0] = common >= strlen(text) ? xstrndup(m->items[1], common) : xstrdup(text);
    return m->items;
}

static const char *const format_names[] = {"table", "csv", "json", "changelog", "vertical", NULL};

/* ---- where the cursor is ------------------------------------------------------ */

#define SQL_BREAKS " \t\n\"'`(),;=<>+-*/%|"
#define PATH_BREAKS " \t\n\"'"

/* Is offset `at` of the line inside a '...' string? Returns the offset of
 * its opening quote, or -1. */
static int open_quote(const char *line, int at)
{
    int q = -1;
    for (int i = 0; i < at && line[i]; i++) {
        if (line[i] != '\'') continue;
        q = q < 0 ? i : -1;
    }
    return q;
}

/* Does the line, before offset `at`, end with `path =` (blanks allowed)? */
static bool after_path_eq(const char *line, int at)
{
    int i = at - 1;
    while (i >= 0 && (line[i] == ' ' || line[i] == '\t')) i--;
    if (i < 0 || line[i] != '=') return false;
    i--;
    while (i >= 0 && (line[i] == ' ' || line[i] == '\t')) i--;
    return i >= 3 && strncasecmp(line + i - 3, "path", 4) == 0 && (i < 4 || !isalnum((unsigned char)line[i - 4]));
}

static bool dot_file_command(const char *first)
{
    return strncmp(first, ".read", 5) == 0 || strncmp(first, ".output", 7) == 0 || strncmp(first, ".once", 5) == 0;
}

/* The word before offset `at` (upper-cased into buf), or "". */
static const char *previous_word(const char *line, int at, char *buf, size_t cap)
{
    int i = at - 1;
    while (i >= 0 && strchr(" \t\n(", line[i])) i--;
    int e = i + 1;
    while (i >= 0 && (isalnum((unsigned char)line[i]) || line[i] == '_')) i--;
    size_t n = (size_t)(e - (i + 1));
    if (n >= cap) n = cap - 1;
    for (size_t k = 0; k < n; k++) buf[k] = (char)toupper((unsigned char)line[i + 1 + (int)k]);
    buf[n] = '\0';
    return buf;
}

/* File names break words at blanks and quotes only, so "sub/dir-x/f.sql"
 * is one word; SQL breaks at its punctuation. */
static char *word_breaks(void)
{
    const char *line = rl_line_buffer;
    const char *first = line + strspn(line, " \t");
    if (*first == '.' && dot_file_command(first)) return (char *)PATH_BREAKS;
    int q = open_quote(line, rl_point);
    if (q >= 0 && after_path_eq(line, q)) return (char *)PATH_BREAKS;
    return (char *)SQL_BREAKS;
}

static void add_relation(const char *name, void *arg) { add_match(arg, name, false, false); }

static char **complete(const char *text, int start, int end)
{
    (void)end;
    rl_attempted_completion_over = 1;           /* no file names by default */
    const char *line = rl_line_buffer;
    const char *first = line + strspn(line, " \t");
    size_t first_off = (size_t)(first - line);

    Matches m = {.prefix = text, .prefix_len = strlen(text), .qualifier = ""};
    m.items = xgrow(NULL, &m.cap, 2, sizeof *m.items);
    m.n = 1;
    m.items[0] = m.items[1] = NULL;

    if (*first == '.') {
        if ((size_t)start == first_off) {
            const char *const *cmds = sluice_dot_commands();
            for (int i = 0; cmds[i]; i++) add_match(&m, cmds[i], false, false);
        } else if (strncmp(first, ".format", 7) == 0 || strncmp(first, ".mode", 5) == 0) {
            for (int i = 0; format_names[i]; i++) add_match(&m, format_names[i], false, false);
        } else if (dot_file_command(first)) {
            free(m.items);
            rl_attempted_completion_over = 0;   /* readline completes file names */
            return NULL;
        }
        return finish(&m, text);
    }

    int q = open_quote(line, start);
    if (q >= 0) {                               /* inside a string */
        free(m.items);
        if (after_path_eq(line, q)) rl_attempted_completion_over = 0;   /* file names */
        return NULL;
    }
    char prev[32];
    previous_word(line, start, prev, sizeof prev);
    Sluice *s = cli_session();
    if (strcmp(prev, "SET") == 0 || strcmp(prev, "RESET") == 0) {
        const char *const *names = sluice_setting_names();
        for (int i = 0; names[i]; i++) add_match(&m, names[i], false, false);
        return finish(&m, text);
    }
    if (strcmp(prev, "FROM") == 0 || strcmp(prev, "JOIN") == 0 || strcmp(prev, "INTO") == 0 ||
        strcmp(prev, "DESCRIBE") == 0 || strcmp(prev, "DESC") == 0) {
        if (s) sluice_each_relation(s, add_relation, &m);
        return finish(&m, text);
    }

    /* "alias.col": complete the part after the last dot. */
    const char *dot = strrchr(text, '.');
    if (dot) {
        m.qualifier = text;
        m.qualifier_len = (size_t)(dot + 1 - text);
        m.prefix = dot + 1;
        m.prefix_len = strlen(m.prefix);
    } else {
        bool has_lower = false;
        for (const char *p = text; *p; p++)
            if (islower((unsigned char)*p)) has_lower = true;
        const char *const *kw = sluice_keywords();
        for (int i = 0; kw && kw[i]; i++) add_match(&m, kw[i], !has_lower, has_lower);
    }
    if (s) sluice_each_name(s, add_name, &m);
    return finish(&m, text);
}

void complete_install(void)
{
    rl_attempted_completion_function = complete;
    /* SQL punctuation separates words; '.' does not (qualified names). */
    rl_basic_word_break_characters = SQL_BREAKS;
    rl_completion_word_break_hook = word_breaks;
    rl_completer_quote_characters = "'\"";
}
