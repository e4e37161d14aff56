/* parse — SQL text to statements.
 *
 * The only entry point into grammar/. Splits a script into statements and
 * parses each. Spans in the result are byte offsets into `text`.
 * Nothing here touches files or the catalog. */
#ifndef SLUICE_PARSE_H
#define SLUICE_PARSE_H

#include <stdbool.h>

#include "ast.h"

/* Parse every statement of `text` (separated by ';', the last one may lack
 * it) into `out` (AstStmt*). Nodes are allocated in `a`. On a lexical or
 * syntax error fills `d` (message like `syntax error: unexpected "FROM",
 * expected an expression`, span at the offending token) and returns -1;
 * statements parsed before the error are in `out`. Empty statements (";;")
 * are skipped. */
int parse_script(Arena *a, const char *text, AstList *out, Diag *d);

/* Parse exactly one statement starting at byte offset `off` of `text`; on
 * success *next is the offset after its ';' (or the end). Returns the
 * statement, or NULL with `d` filled, or NULL without error when only
 * blanks and comments remain. Used to run a script statement by statement
 * so that an error in statement 3 still lets 1 and 2 run first. */
AstStmt *parse_next(Arena *a, const char *text, uint32_t off, uint32_t *next,
                    Diag *d);

/* True if every statement in `text` is terminated (a dot command at the
 * start of a statement, ".format csv", by the end of its line): the text after the
 * last ';' outside quotes and comments is only blanks and comments (or the
 * whole text is). The REPL uses it to decide between running the text and
 * showing the continuation prompt, so "SELECT 1; SEL" waits for more. */
bool parse_is_complete(const char *text);

/* Keywords of the language, for tab completion (NULL-terminated). */
extern const char *const parse_keywords[];

#endif
