/* parse — the entry points of grammar/ (see parse.h).
 *
 * Does: run the scanner and parser over a script, a statement per
 * sql_parse() call, keeping spans as offsets into the whole text; decide
 * whether REPL input is complete; list the keywords for completion.
 * Does not: touch files, the catalog or anything outside the given Arena
 * and Diag. The scanner's own buffers are freed before returning. */
#include "parse.h"

#include <string.h>

#include "sql_parser.h"

const char *const parse_keywords[] = {
#define X(name, tok, cls) name,
    SQL_KEYWORDS(X)
#undef X
    NULL,
};

/* Spans are uint32_t offsets: parse_script refuses longer texts.
 * parse_next trusts its caller (its offsets are uint32_t already) and
 * never measures the whole text, so walking a script costs O(length). */
static void ctx_open(ParseCtx *pc, Arena *a, const char *text, uint32_t off,
                     Diag *d)
{
    memset(pc, 0, sizeof *pc);
    pc->lex.arena = a;
    pc->lex.diag = d;
    pc->lex.text = text;
    pc->lex.feed = off;
    pc->lex.pos = off;
    pc->last_loc = pc->prev_loc = SPAN_NONE;
    pc->scanner = lex_open(&pc->lex);
}

/* One statement (or the end); 0, or -1 with d filled. */
static int parse_one(ParseCtx *pc)
{
    pc->result = NULL;
    pc->has_peek = false;
    int rc = sql_parse(pc);
    if (rc != 0) {
        /* Every failure path reports; this is a safety net. */
        diag_error(pc->lex.diag, pc->last_loc, "syntax error");
        return -1;
    }
    return 0;
}

int parse_script(Arena *a, const char *text, AstList *out, Diag *d)
{
    if (strlen(text) >= UINT32_MAX)
        return diag_error(d, SPAN_NONE, "script is too long (4 GiB or more)");
    ParseCtx pc;
    ctx_open(&pc, a, text, 0, d);
    int rc = 0;
    while (!pc.at_end) {
        if (parse_one(&pc) < 0) {
            rc = -1;
            break;
        }
        if (pc.result) ast_list_push(a, out, pc.result);
    }
    lex_close(pc.scanner);
    return rc;
}

AstStmt *parse_next(Arena *a, const char *text, uint32_t off, uint32_t *next,
                    Diag *d)
{
    ParseCtx pc;
    ctx_open(&pc, a, text, off, d);
    AstStmt *s = NULL;
    if (parse_one(&pc) == 0) {
        s = pc.result;
        if (next) *next = pc.next;
    }
    lex_close(pc.scanner);
    return s;
}

bool parse_is_complete(const char *text)
{
    bool pending = false;      /* text after the last top-level ';' */
    const char *p = text;
    while (*p) {
        char c = *p;
        if (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f'
            || c == '\v') {
            p++;
        } else if (c == '-' && p[1] == '-') {
            while (*p && *p != '\n') p++;
        } else if (c == '/' && p[1] == '*') {
            const char *end = strstr(p + 2, "*/");
            if (!end) return false;            /* still inside a comment */
            p = end + 2;
        } else if (c == '.' && !pending) {
            /* A dot command (.format csv) is one line. */
            const char *nl = strchr(p, '\n');
            if (!nl) return false;
            p = nl + 1;
        } else if (c == '\'' || c == '"') {
            pending = true;
            p++;
            for (;;) {
                if (!*p) return false;         /* still inside quotes */
                if (*p == c && p[1] == c) p += 2;
                else if (*p++ == c) break;
            }
        } else if (c == ';') {
            pending = false;
            p++;
        } else {
            pending = true;
            p++;
        }
    }
    return !pending;
}
