/* dotcmd — the dot commands of the script language (.read, .format,
 * .output, .once, .timer, .echo, .maxrows, .maxwidth, .headers,
 * .nullvalue, .help, .quit), parsed in this one place for every source
 * of statements: the REPL, -e, -f, piped scripts and .read files.
 *
 *   .format csv
 *   .read 'my file.sql'
 *   .nullvalue ''
 *
 * A dot command is one line: it starts where a statement may start (after
 * blanks and comments) with '.', and ends at the end of that line; a ';'
 * at its end is ignored. Arguments are words or quoted ('...' or "...").
 * Errors go through the caller's Diag with a span in the script text, so
 * they name file, line and column like any other error.
 *
 * Does not: parse SQL, or know about terminals (the REPL's .quit only
 * sets a flag the front end reads with sluice_quit_requested). */
#include "dotcmd.h"
#include "session.h"
#include "settings.h"
#include "engine/base/mem.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#define READ_DEPTH_MAX 32       /* .read inside .read ...: a file reading itself */
#define MAX_ARGS 4

bool dot_find(const char *text, uint32_t off, uint32_t *start)
{
    const char *p = text + off;
    for (;;) {
        while (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r' || *p == '\f' || *p == '\v') p++;
        if (p[0] == '-' && p[1] == '-') {
            while (*p && *p != '\n') p++;
        } else if (p[0] == '/' && p[1] == '*') {
            const char *end = strstr(p + 2, "*/");
            if (!end) return false;           /* the parser reports it */
            p = end + 2;
        } else {
            break;
        }
    }
    if (*p != '.') return false;
    *start = (uint32_t)(p - text);
    return true;
}

/* ---- the line ------------------------------------------------------------------ */

typedef struct DotLine {
    const char *text;           /* the script */
    Span cmd;                   /* ".format" */
    int n_args;
    Span arg_span[MAX_ARGS];
    char *arg[MAX_ARGS];        /* unquoted (heap) */
    Span line;                  /* the whole command, without the newline */
} DotLine;

static void line_free(DotLine *l)
{
    for (int i = 0; i < l->n_args; i++) free(l->arg[i]);
}

/* Split the line at start into command and arguments. *next is the
 * offset after its newline. */
static int line_parse(DotLine *l, const char *text, uint32_t start, uint32_t *next, Diag *d)
{
    memset(l, 0, sizeof *l);
    l->text = text;
    const char *nl = strchr(text + start, '\n');
    uint32_t end = nl ? (uint32_t)(nl - text) : start + (uint32_t)strlen(text + start);
    *next = nl ? end + 1 : end;
    /* Trailing blanks, CR and one ';' are not part of the command. */
    while (end > start && strchr(" \t\r", text[end - 1])) end--;
    if (end > start && text[end - 1] == ';') end--;
    while (end > start && strchr(" \t\r", text[end - 1])) end--;
    l->line = (Span){start, end - start};

    uint32_t p = start;
    while (p < end && !strchr(" \t", text[p])) p++;
    l->cmd = (Span){start, p - start};
    for (;;) {
        while (p < end && strchr(" \t", text[p])) p++;
        if (p >= end) break;
        if (l->n_args == MAX_ARGS)
            return diag_error(d, (Span){p, end - p}, "too many arguments for %.*s", (int)l->cmd.len, text + start);
        uint32_t a = p;
        StrBuf sb = STRBUF_INIT;
        char q = text[p];
        if (q == '\'' || q == '"') {
            p++;
            for (;;) {
                if (p >= end) {
                    sb_free(&sb);
                    return diag_error(d, (Span){a, 1}, "unterminated quoted argument");
                }
                if (text[p] == q && p + 1 < end && text[p + 1] == q) { sb_putc(&sb, q); p += 2; continue; }
                if (text[p] == q) { p++; break; }
                sb_putc(&sb, text[p++]);
            }
        } else {
            while (p < end && !strchr(" \t", text[p])) sb_putc(&sb, text[p++]);
        }
        l->arg_span[l->n_args] = (Span){a, p - a};
        l->arg[l->n_args++] = sb.data ? sb_take(&sb) : xstrdup("");
    }
    return 0;
}

static bool cmd_is(const DotLine *l, const char *name)
{
    return strlen(name) == l->cmd.len && strncasecmp(l->text + l->cmd.off, name, l->cmd.len) == 0;
}

/* ---- commands -------------------------------------------------------------- */

static const char help_text[] =
    "Dot commands (one per line, in the REPL and in scripts):\n"
    "  .help                 show this text\n"
    "  .read FILE            run the statements in FILE\n"
    "  .format [NAME]        show or set how results print: table, csv, json,\n"
    "                        changelog, vertical (.mode is the same)\n"
    "  .output [FILE]        send results to FILE; without FILE, back to stdout\n"
    "  .once FILE            send the next statement's results to FILE\n"
    "  .maxrows [N]          table rows shown per batch (0: all; default 20)\n"
    "  .maxwidth [N]         characters shown per cell (0: all; default 20)\n"
    "  .headers on|off       print column names\n"
    "  .nullvalue TEXT       text shown for NULL in tables\n"
    "  .timer on|off         print time and rows after each statement\n"
    "  .echo on|off          print each statement before it runs\n"
    "  .quit, .exit          leave sluice (the REPL, or the rest of a script)\n"
    "Statements end with ';' and may span lines. HELP; lists them, HELP SELECT;\n"
    "explains one. SHOW SETTINGS; shows what the dot commands set.\n";

/* Dot commands that are a setting: with an argument they set it,
 * without one they print it. */
static const struct { const char *cmd, *setting; } setting_cmds[] = {
    {".format", "format"}, {".mode", "format"}, {".maxrows", "max_rows"},
    {".maxwidth", "max_width"}, {".headers", "headers"}, {".nullvalue", "null_value"},
    {".timer", "timer"}, {".echo", "echo"},
};

static const char *const all_cmds[] = {".help", ".read", ".format", ".mode", ".output", ".once",
                                       ".maxrows", ".maxwidth", ".headers", ".nullvalue", ".timer",
                                       ".echo", ".quit", ".exit", NULL};

const char *const *dot_commands(void) { return all_cmds; }

static int need_args(const DotLine *l, int lo, int hi, const char *usage, Diag *d)
{
    if (l->n_args >= lo && l->n_args <= hi) return 0;
    Span at = l->n_args > hi ? l->arg_span[hi] : l->cmd;
    if (l->n_args > hi) diag_error(d, at, "too many arguments for %.*s", (int)l->cmd.len, l->text + l->cmd.off);
    else diag_error(d, at, "%.*s needs an argument", (int)l->cmd.len, l->text + l->cmd.off);
    diag_hint(d, "usage: %s", usage);
    return -1;
}

void dot_output_restore(Sluice *s)
{
    if (s->out_is_file) {
        fclose(s->cfg.out);
        s->out_is_file = false;
    }
    s->cfg.out = s->term_out;
    s->once = false;
}

static int cmd_output(Sluice *s, const DotLine *l, bool once, Diag *d)
{
    if (need_args(l, once ? 1 : 0, 1, once ? ".once FILE" : ".output [FILE]", d) < 0) return -1;
    fflush(s->cfg.out);
    if (l->n_args == 0) {
        dot_output_restore(s);
        return 0;
    }
    FILE *f = fopen(l->arg[0], "w");
    if (!f) return diag_error(d, l->arg_span[0], "cannot write \"%s\": %s", l->arg[0], strerror(errno));
    dot_output_restore(s);
    s->cfg.out = f;
    s->out_is_file = true;
    s->once = once;
    return 0;
}

/* The whole of a file, or NULL with errno set. */
static char *read_whole(const char *path)
{
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0) return NULL;
    StrBuf sb = STRBUF_INIT;
    for (;;) {
        sb_reserve(&sb, 65536);
        ssize_t n = read(fd, sb.data + sb.len, sb.cap - sb.len - 1);
        if (n > 0) {
            sb.len += (size_t)n;
            sb.data[sb.len] = '\0';
            continue;
        }
        if (n == 0) break;
        if (errno == EINTR) continue;
        int e = errno;
        sb_free(&sb);
        close(fd);
        errno = e;
        return NULL;
    }
    close(fd);
    return sb.data ? sb_take(&sb) : xstrdup("");
}

static int cmd_read(Sluice *s, const DotLine *l, bool keep_going, Diag *d)
{
    if (need_args(l, 1, 1, ".read FILE", d) < 0) return -1;
    if (s->read_depth >= READ_DEPTH_MAX) {
        diag_error(d, l->arg_span[0], ".read is nested more than %d deep", READ_DEPTH_MAX);
        diag_hint(d, "does \"%s\" read itself?", l->arg[0]);
        return -1;
    }
    char *text = read_whole(l->arg[0]);
    if (!text) return diag_error(d, l->arg_span[0], "cannot read \"%s\": %s", l->arg[0], strerror(errno));
    s->read_depth++;
    /* The file's own errors are printed as they happen, with its name. */
    int rc = sluice_exec(s, l->arg[0], text, keep_going);
    s->read_depth--;
    free(text);
    return rc;
}

static int cmd_setting(Sluice *s, const DotLine *l, const char *setting, Diag *d)
{
    if (l->n_args == 0) {
        StrBuf sb = STRBUF_INIT;
        settings_show_value(s, setting, &sb);
        fprintf(s->cfg.out, "%s\n", sb_str(&sb));
        fflush(s->cfg.out);
        sb_free(&sb);
        return 0;
    }
    if (l->n_args > 1) {
        diag_error(d, l->arg_span[1], "too many arguments for %.*s", (int)l->cmd.len, l->text + l->cmd.off);
        diag_hint(d, "quote a value with spaces: %.*s 'a b'", (int)l->cmd.len, l->text + l->cmd.off);
        return -1;
    }
    return settings_set(s, setting, l->arg[0], l->cmd, l->arg_span[0], d);
}

int dot_run(Sluice *s, const char *text, uint32_t start, uint32_t *next, bool keep_going, Diag *d)
{
    DotLine l;
    int rc = line_parse(&l, text, start, next, d);
    if (rc < 0) {
        line_free(&l);
        return -1;
    }
    if (cmd_is(&l, ".help")) {
        fputs(help_text, s->cfg.out);
        fflush(s->cfg.out);
    } else if (cmd_is(&l, ".quit") || cmd_is(&l, ".exit")) {
        s->quit = true;
    } else if (cmd_is(&l, ".read")) {
        rc = cmd_read(s, &l, keep_going, d);
    } else if (cmd_is(&l, ".output") || cmd_is(&l, ".once")) {
        rc = cmd_output(s, &l, cmd_is(&l, ".once"), d);
    } else {
        const char *setting = NULL;
        for (size_t i = 0; i < sizeof setting_cmds / sizeof setting_cmds[0]; i++)
            if (cmd_is(&l, setting_cmds[i].cmd)) setting = setting_cmds[i].setting;
        if (setting) {
            rc = cmd_setting(s, &l, setting, d);
        } else {
            char *name = xstrndup(text + l.cmd.off, l.cmd.len);
            diag_error(d, l.cmd, "unknown command \"%s\"", name);
            const char *close = diag_closest(name, all_cmds, (int)(sizeof all_cmds / sizeof all_cmds[0]) - 1);
            if (close) diag_hint(d, "did you mean %s? .help lists the commands", close);
            else diag_hint(d, ".help lists the commands");
            free(name);
            rc = -1;
        }
    }
    line_free(&l);
    return rc;
}
