/* parser.y — the SQL grammar of sluice (bison, pure, LALR(1) with LAC).
 *
 * Does: turns the token stream of lexer.l into the AST of ast.h, one
 * statement per call of sql_parse(), with a byte-offset Span on every node;
 * reports syntax errors in human words ("syntax error at "FROM": expected an
 * expression") with a hint for misspelt keywords.
 * Does not: resolve names, check types or modes (engine/analyze), allocate
 * outside the Arena it is given, or recover from errors (the first error
 * ends the parse).
 *
 * Keywords come in four classes (see SQL_KEYWORDS below):
 *   R  reserved: never a bare name (SELECT, FROM, AND, ...);
 *   U  unreserved: a name anywhere, also a bare alias (stream, timestamp, ...);
 *   C  column-name words: a name for columns, tables and functions but not a
 *      bare alias, because they can follow an expression or a table
 *      (left, right, end, and interval units such as second);
 *   T  TABLE: a name, except as a table or function name in FROM, where
 *      TABLE( starts Flink's TABLE(TUMBLE(TABLE t, ...)).
 * After '.', AS, '::' and in option keys any word is a name.
 * Keep %expect 0: a conflict means the language became ambiguous. */

%define api.pure full
%define api.prefix {sql_}
%define api.location.type {Span}
%define parse.error custom
%define parse.lac full
%locations
%expect 0
%param {ParseCtx *pc}

%code requires {
#include <stdbool.h>
#include <stdint.h>

#include "ast.h"

typedef struct ParseCtx ParseCtx;
typedef struct SelTail SelTail;
typedef struct ColElem ColElem;

/* Input of the scanner: the whole text, a cursor and where errors go. */
typedef struct LexState {
    Arena *arena;          /* token strings are allocated here */
    Diag *diag;            /* lexical errors are reported here */
    const char *text;      /* the whole script; spans are offsets into it */
    uint32_t feed;         /* next byte to hand to flex (reading stops at NUL) */
    uint32_t pos;          /* offset of the next byte the scanner matches */
} LexState;
}

%code provides {
/* Keyword classes (see the banner of parser.y). */
enum { KW_R, KW_U, KW_C, KW_T };

/* Every keyword: upper-case name, token, class. Sorted by name (a unit
 * test checks it): the scanner looks words up by binary search. */
#define SQL_KEYWORDS(X) \
    X("AND", K_AND, KW_R) X("APPEND", K_APPEND, KW_U) X("AS", K_AS, KW_R) \
    X("ASC", K_ASC, KW_U) X("BETWEEN", K_BETWEEN, KW_R) X("BY", K_BY, KW_R) \
    X("CASE", K_CASE, KW_R) X("CAST", K_CAST, KW_R) \
    X("CHANGES", K_CHANGES, KW_U) X("COMPLETE", K_COMPLETE, KW_U) \
    X("CREATE", K_CREATE, KW_U) X("CROSS", K_CROSS, KW_R) \
    X("CURRENT_TIMESTAMP", K_CURRENT_TIMESTAMP, KW_R) X("DAY", K_DAY, KW_C) \
    X("DAYS", K_DAYS, KW_C) X("DESC", K_DESC, KW_U) \
    X("DESCRIBE", K_DESCRIBE, KW_U) X("DISTINCT", K_DISTINCT, KW_R) \
    X("DROP", K_DROP, KW_U) X("ELSE", K_ELSE, KW_R) X("EMIT", K_EMIT, KW_R) \
    X("END", K_END, KW_C) X("EVERY", K_EVERY, KW_U) \
    X("EXCEPT", K_EXCEPT, KW_R) X("EXISTS", K_EXISTS, KW_U) \
    X("EXPLAIN", K_EXPLAIN, KW_U) X("FALSE", K_FALSE, KW_R) \
    X("FINAL", K_FINAL, KW_U) X("FIRST", K_FIRST, KW_U) X("FOR", K_FOR, KW_R) \
    X("FROM", K_FROM, KW_R) X("FULL", K_FULL, KW_R) \
    X("FUNCTIONS", K_FUNCTIONS, KW_U) X("GROUP", K_GROUP, KW_R) \
    X("HAVING", K_HAVING, KW_R) X("HELP", K_HELP, KW_U) X("HOUR", K_HOUR, KW_C) \
    X("HOURS", K_HOURS, KW_C) X("IF", K_IF, KW_U) X("IN", K_IN, KW_R) \
    X("INNER", K_INNER, KW_R) X("INSERT", K_INSERT, KW_U) \
    X("INTERSECT", K_INTERSECT, KW_R) X("INTERVAL", K_INTERVAL, KW_R) \
    X("INTO", K_INTO, KW_U) X("IS", K_IS, KW_R) X("JOIN", K_JOIN, KW_R) \
    X("LAST", K_LAST, KW_U) X("LEFT", K_LEFT, KW_C) X("LIKE", K_LIKE, KW_R) \
    X("LIMIT", K_LIMIT, KW_R) X("LOGICAL", K_LOGICAL, KW_U) \
    X("MICROSECOND", K_MICROSECOND, KW_C) \
    X("MICROSECONDS", K_MICROSECONDS, KW_C) \
    X("MILLISECOND", K_MILLISECOND, KW_C) \
    X("MILLISECONDS", K_MILLISECONDS, KW_C) X("MINUTE", K_MINUTE, KW_C) \
    X("MINUTES", K_MINUTES, KW_C) X("MONTH", K_MONTH, KW_C) \
    X("MONTHS", K_MONTHS, KW_C) X("NOT", K_NOT, KW_R) X("NULL", K_NULL, KW_R) \
    X("NULLS", K_NULLS, KW_U) X("ON", K_ON, KW_R) X("OR", K_OR, KW_R) \
    X("ORDER", K_ORDER, KW_R) X("OUTER", K_OUTER, KW_U) \
    X("PHYSICAL", K_PHYSICAL, KW_U) X("PROGRESS", K_PROGRESS, KW_U) \
    X("QUERIES", K_QUERIES, KW_U) X("QUERY", K_QUERY, KW_U) \
    X("RESET", K_RESET, KW_U) \
    X("RIGHT", K_RIGHT, KW_C) X("SECOND", K_SECOND, KW_C) \
    X("SECONDS", K_SECONDS, KW_C) X("SELECT", K_SELECT, KW_R) \
    X("SEMI", K_SEMI, KW_U) X("SET", K_SET, KW_U) \
    X("SETTINGS", K_SETTINGS, KW_U) X("SHOW", K_SHOW, KW_U) \
    X("SINK", K_SINK, KW_U) X("SINKS", K_SINKS, KW_U) X("STOP", K_STOP, KW_U) \
    X("STREAM", K_STREAM, KW_U) X("STREAMS", K_STREAMS, KW_U) \
    X("TABLE", K_TABLE, KW_T) X("TABLES", K_TABLES, KW_U) \
    X("TERMINATE", K_TERMINATE, KW_U) X("THEN", K_THEN, KW_R) \
    X("TIMESTAMP", K_TIMESTAMP, KW_U) X("TO", K_TO, KW_U) \
    X("TRUE", K_TRUE, KW_R) X("UNION", K_UNION, KW_R) \
    X("UPDATE", K_UPDATE, KW_U) X("WATERMARK", K_WATERMARK, KW_U) \
    X("WEEK", K_WEEK, KW_C) X("WEEKS", K_WEEKS, KW_C) X("WHEN", K_WHEN, KW_R) \
    X("WHERE", K_WHERE, KW_R) X("WITH", K_WITH, KW_R) X("YEAR", K_YEAR, KW_C) \
    X("YEARS", K_YEARS, KW_C)

typedef struct SqlKeyword {
    const char *name;      /* upper case */
    int token;
    int kwclass;           /* KW_R, KW_U, KW_C or KW_T */
} SqlKeyword;

extern const SqlKeyword sql_keywords[];
extern const int sql_keyword_count;

/* The keyword spelt `word` (n bytes, any case), or NULL. */
const SqlKeyword *sql_keyword_find(const char *word, size_t n);

/* The scanner (lexer.l). lex_open starts at ls->pos (which must equal
 * ls->feed) and never fails (aborts on out-of-memory); lex_close frees it.
 * sql_scan returns the next token kind (0 at the end, SQL_error after
 * reporting a lexical error into ls->diag) and fills *val and *loc. */
void *lex_open(LexState *ls);
void lex_close(void *scanner);
int sql_scan(SQL_STYPE *val, Span *loc, void *scanner);

/* Everything one parse needs; parse.c owns it. */
struct ParseCtx {
    LexState lex;
    void *scanner;
    /* one token of lookahead, to tell NOT IN/BETWEEN/LIKE from NOT */
    bool has_peek;
    int peek_tok;
    SQL_STYPE peek_val;
    Span peek_loc;
    /* the last two tokens handed to the parser, for error hints */
    int last_tok, prev_tok;
    Span last_loc, prev_loc;
    /* result of one sql_parse() call */
    AstStmt *result;       /* NULL when only blanks and ';' were left */
    uint32_t next;         /* offset after the statement's ';' (or the end) */
    bool at_end;           /* the end of the text was reached */
};

/* Printable name of a token kind (for tests and debugging). */
const char *sql_token_name(int token);
}

%code {
#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

/* Spans of a rule: from the first to the last non-empty part; an empty
 * rule is a point just after what precedes it. */
static Span span_rhs(const Span *rhs, int n)
{
    int i = 1, j = n;
    while (i <= n && rhs[i].len == 0) i++;
    if (i > n) return (Span){rhs[n > 0 ? 1 : 0].off + (n > 0 ? 0 : rhs[0].len), 0};
    while (rhs[j].len == 0) j--;
    return (Span){rhs[i].off, rhs[j].off + rhs[j].len - rhs[i].off};
}
#define YYLLOC_DEFAULT(Cur, Rhs, N) \
    do { (Cur) = span_rhs(&YYRHSLOC(Rhs, 0), (N)); } while (0)

static int sql_lex(SQL_STYPE *val, Span *loc, ParseCtx *pc);
static void sql_error(Span *loc, ParseCtx *pc, const char *msg);

/* Pieces of a SELECT after HAVING: EMIT, ORDER BY, LIMIT. */
struct SelTail {
    AstEmitMode emit;
    Span emit_span;
    AstExpr *every;
    AstList *order_by;
    AstExpr *limit;
};

/* One element of CREATE STREAM (...): a column or the WATERMARK clause. */
struct ColElem {
    AstColumnDef *col;     /* NULL for WATERMARK */
    const char *wm_column;
    AstExpr *wm_expr;
    Span span;
};

#define A (pc->lex.arena)

/* An output name as the user wrote it: SQL folds unquoted names for
 * matching (which is case-insensitive anyway), but a column alias keeps
 * its case in results, as in Spark and Flink (AS charCount). */
static const char *as_written(Arena *a, const char *text, const char *folded, Span at)
{
    if (at.len == 0 || text[at.off] == '"') return folded;
    return arena_strndup(a, text + at.off, at.len);
}

static SelTail *new_tail(Arena *a)
{
    SelTail *t = ARENA_NEW(a, SelTail);
    t->emit_span = SPAN_NONE;
    return t;
}

static AstList *list1(Arena *a, void *item)
{
    AstList *l = ast_list_new(a);
    ast_list_push(a, l, item);
    return l;
}

static AstList *list_add(Arena *a, AstList *l, void *item)
{
    ast_list_push(a, l, item);
    return l;
}

static AstExpr *mk_binary(Arena *a, AstBinOp op, AstExpr *l, AstExpr *r,
                          Span op_span, Span span)
{
    AstExpr *e = ast_expr_new(a, AST_BINARY, span);
    e->binary.op = op;
    e->binary.left = l;
    e->binary.right = r;
    e->binary.op_span = op_span;
    return e;
}

static AstExpr *mk_unary(Arena *a, AstUnOp op, AstExpr *arg, Span span)
{
    AstExpr *e = ast_expr_new(a, AST_UNARY, span);
    e->unary.op = op;
    e->unary.arg = arg;
    return e;
}

static AstExpr *mk_column(Arena *a, const char *qual, const char *name, Span span)
{
    AstExpr *e = ast_expr_new(a, AST_COLUMN, span);
    e->column.qualifier = qual;
    e->column.name = name;
    return e;
}

static AstExpr *mk_call(Arena *a, const char *name, AstList *args, Span span)
{
    AstExpr *e = ast_expr_new(a, AST_CALL, span);
    e->call.name = name;
    e->call.args = args ? args : ast_list_new(a);
    return e;
}

static AstExpr *mk_lit(Arena *a, AstLitKind kind, Span span)
{
    AstExpr *e = ast_expr_new(a, AST_LITERAL, span);
    e->lit.kind = kind;
    return e;
}

/* An integer or decimal literal; integers that overflow int64 become
 * LIT_FLOAT. Returns NULL (error reported) if the value is infinite. */
static AstExpr *mk_number(ParseCtx *pc, const char *text, bool is_int, Span span)
{
    if (is_int) {
        errno = 0;
        long long v = strtoll(text, NULL, 10);
        if (errno != ERANGE) {
            AstExpr *e = mk_lit(A, LIT_INT, span);
            e->lit.i = (int64_t)v;
            return e;
        }
    }
    double f = strtod(text, NULL);
    if (isinf(f)) {
        diag_error(pc->lex.diag, span, "number \"%s\" is out of range", text);
        return NULL;
    }
    AstExpr *e = mk_lit(A, LIT_FLOAT, span);
    e->lit.f = f;
    return e;
}

static AstFrom *mk_from_func(Arena *a, const char *name, AstList *args, Span span)
{
    AstFrom *f = ast_from_new(a, FROM_FUNCTION, span);
    f->func.name = name;
    f->func.args = args;
    return f;
}

static AstFrom *mk_join(Arena *a, AstJoinKind kind, AstFrom *l, AstFrom *r,
                        AstExpr *on, Span span)
{
    AstFrom *f = ast_from_new(a, FROM_JOIN, span);
    f->join.kind = kind;
    f->join.left = l;
    f->join.right = r;
    f->join.on = on;
    return f;
}

/* Flink's DESCRIPTOR(col) in a window function is just the column. */
static AstExpr *from_arg(AstExpr *e)
{
    if (e->kind == AST_CALL && strcmp(e->call.name, "descriptor") == 0
        && !e->call.distinct && e->call.args->n == 1
        && ((AstExpr *)e->call.args->items[0])->kind == AST_COLUMN)
        return e->call.args->items[0];
    return e;
}

static AstStmt *mk_drop(Arena *a, AstObjectKind kind, const char *name,
                        Span name_span, bool if_exists, Span span)
{
    AstStmt *s = ast_stmt_new(a, STMT_DROP, span);
    s->drop.kind = kind;
    s->drop.name = name;
    s->drop.name_span = name_span;
    s->drop.if_exists = if_exists;
    return s;
}

/* CREATE STREAM|TABLE: folds the element list into the statement; NULL
 * (error reported) if WATERMARK is given twice. */
static AstStmt *mk_create(ParseCtx *pc, AstObjectKind kind, bool if_not_exists,
                          const char *name, Span name_span, AstList *elems,
                          AstList *options, Span span)
{
    AstStmt *s = ast_stmt_new(A, STMT_CREATE_SOURCE, span);
    s->create.kind = kind;
    s->create.name = name;
    s->create.name_span = name_span;
    s->create.if_not_exists = if_not_exists;
    s->create.columns = ast_list_new(A);
    s->create.wm_span = SPAN_NONE;
    s->create.options = options ? options : ast_list_new(A);
    for (int i = 0; elems && i < elems->n; i++) {
        ColElem *el = elems->items[i];
        if (el->col) {
            ast_list_push(A, s->create.columns, el->col);
        } else if (s->create.wm_column) {
            diag_error(pc->lex.diag, el->span,
                       "only one WATERMARK clause is allowed");
            return NULL;
        } else {
            s->create.wm_column = el->wm_column;
            s->create.wm_expr = el->wm_expr;
            s->create.wm_span = el->span;
        }
    }
    return s;
}

static AstOption *mk_option(Arena *a, const char *key, const char *value,
                            Span value_span, Span span)
{
    AstOption *o = ARENA_NEW(a, AstOption);
    o->key = key;
    o->value = value;
    o->value_span = value_span;
    o->span = span;
    return o;
}

/* A lower-cased copy (option keys given as 'strings'). */
static const char *lower(Arena *a, const char *s)
{
    char *c = arena_strdup(a, s);
    for (char *p = c; *p; p++)
        if (*p >= 'A' && *p <= 'Z') *p = (char)(*p - 'A' + 'a');
    return c;
}

/* STOP QUERY n / TERMINATE n; NULL (error reported) if n overflows. */
/* SHOW CREATE STREAM|TABLE|SINK name. */
static AstStmt *mk_show_create(Arena *a, AstObjectKind kind, const char *name, Span name_span, Span span)
{
    AstStmt *s = ast_stmt_new(a, STMT_SHOW, span);
    s->show.what = SHOW_CREATE;
    s->show.kind = kind;
    s->show.name = name;
    s->show.name_span = name_span;
    return s;
}

static AstStmt *mk_stop(ParseCtx *pc, const char *text, Span id_span, Span span)
{
    errno = 0;
    long long id = strtoll(text, NULL, 10);
    if (errno == ERANGE) {
        diag_error(pc->lex.diag, id_span, "query id %s is out of range", text);
        return NULL;
    }
    AstStmt *s = ast_stmt_new(pc->lex.arena, STMT_STOP, span);
    s->stop.id = (int64_t)id;
    s->stop.id_span = id_span;
    return s;
}

static const char *negate_text(Arena *a, const char *s)
{
    size_t n = strlen(s);
    char *c = arena_alloc(a, n + 2);
    c[0] = '-';
    memcpy(c + 1, s, n + 1);
    return c;
}
}

%union {
    const char *str;
    bool flag;
    int ival;
    AstExpr *expr;
    AstList *list;
    AstSelect *select;
    AstFrom *from;
    AstStmt *stmt;
    AstSelectItem *item;
    AstOrderItem *order;
    AstWhen *when;
    AstCte *cte;
    AstOption *option;
    ColElem *elem;
    SelTail *tail;
}

%initial-action { @$ = (Span){pc->lex.pos, 0}; }

%token END_OF_INPUT 0 "end of input"
%token <str> IDENT "identifier" INTEGER "integer" FLOAT "decimal number"
%token <str> STRING "string"
%token NE "<>" LE "<=" GE ">=" CONCAT "||" TYPECAST "::"
%token NOT_LA "NOT"    /* NOT followed by IN, BETWEEN or LIKE */

/* Keywords, as in SQL_KEYWORDS; the value is the word lower-cased. */
%token <str> K_AND K_APPEND K_AS K_ASC K_BETWEEN K_BY K_CASE K_CAST K_CHANGES
%token <str> K_COMPLETE K_CREATE K_CROSS K_CURRENT_TIMESTAMP K_DAY K_DAYS
%token <str> K_DESC K_DESCRIBE K_DISTINCT K_DROP K_ELSE K_EMIT K_END K_EVERY
%token <str> K_EXCEPT K_EXISTS K_EXPLAIN K_FALSE K_FINAL K_FIRST K_FOR K_FROM
%token <str> K_FULL K_GROUP K_HAVING K_HELP K_HOUR K_HOURS K_IF K_IN K_INNER
%token <str> K_INSERT K_INTERSECT K_INTERVAL K_INTO K_IS K_JOIN K_LAST K_LEFT
%token <str> K_LIKE K_LIMIT K_LOGICAL K_MICROSECOND K_MICROSECONDS
%token <str> K_MILLISECOND K_MILLISECONDS K_MINUTE K_MINUTES K_MONTH K_MONTHS
%token <str> K_NOT K_NULL K_NULLS K_ON K_OR K_ORDER K_OUTER K_PHYSICAL
%token <str> K_PROGRESS K_QUERIES K_QUERY K_RIGHT K_SECOND K_SECONDS K_SELECT
%token <str> K_SEMI K_SET K_SHOW K_SINK K_SINKS K_STOP K_STREAM K_STREAMS
%token <str> K_TABLE K_TABLES K_TERMINATE K_THEN K_TIMESTAMP K_TO K_TRUE
%token <str> K_UNION K_UPDATE K_WATERMARK K_WEEK K_WEEKS K_WHEN K_WHERE K_WITH
%token <str> K_YEAR K_YEARS K_FUNCTIONS K_RESET K_SETTINGS

/* Lowest to highest. Boolean and comparison operators combine `expr`s,
 * arithmetic ones `b_expr`s (so BETWEEN's AND is unambiguous). */
%left K_OR
%left K_AND
%precedence K_NOT
%precedence K_IS
%nonassoc '=' NE '<' '>' LE GE
%nonassoc K_BETWEEN K_IN K_LIKE NOT_LA
%left CONCAT
%left '+' '-'
%left '*' '/' '%'
%precedence UMINUS
%precedence TYPECAST '['

%type <stmt> stmt create_stmt drop_stmt show_stmt describe_stmt set_stmt
%type <stmt> insert_stmt explain_stmt stop_stmt help_stmt explainable reset_stmt
%type <select> query select_core
%type <list> ctes select_items group_opt expr_list when_list from_args
%type <list> order_items col_elems col_elems_opt options with_opt order_by
%type <cte> cte
%type <flag> distinct_opt
%type <item> select_item
%type <from> from_opt from_item table_ref
%type <expr> expr b_expr primary literal column_ref func_call case_expr
%type <expr> where_opt having_opt else_opt from_arg limit_clause
%type <when> when_clause
%type <tail> select_tail emit_clause order_limit order_limit_opt
%type <order> order_item
%type <ival> join_kind dir_opt nulls_opt emit_mode source_kind object_kind
%type <ival> explain_level
%type <elem> col_elem
%type <option> option
%type <str> name table_name alias_name any_name type_name alias_opt
%type <str> unreserved_keyword col_name_keyword reserved_keyword
%type <str> interval_unit option_key option_value

%start top

%%

/* One statement per call: the parser stops right after its ';'. */
top:
    empties stmt ';'
        { pc->result = $2; pc->next = @3.off + @3.len; YYACCEPT; }
  | empties stmt END_OF_INPUT
        { pc->result = $2; pc->next = @3.off; pc->at_end = true; YYACCEPT; }
  | empties END_OF_INPUT
        { pc->next = @2.off; pc->at_end = true; YYACCEPT; }
  ;

empties: %empty | empties ';' ;

stmt:
    create_stmt
  | drop_stmt
  | show_stmt
  | describe_stmt
  | set_stmt
  | query       { $$ = ast_stmt_new(A, STMT_SELECT, @$); $$->select = $1; }
  | insert_stmt
  | explain_stmt
  | stop_stmt
  | help_stmt
  | reset_stmt
  ;

/* ---- DDL ------------------------------------------------------------- */

create_stmt:
    K_CREATE source_kind table_name col_elems_opt with_opt
        {
            $$ = mk_create(pc, (AstObjectKind)$2, false, $3, @3, $4, $5, @$);
            if (!$$) YYABORT;
        }
  | K_CREATE source_kind K_IF K_NOT K_EXISTS table_name col_elems_opt with_opt
        {
            $$ = mk_create(pc, (AstObjectKind)$2, true, $6, @6, $7, $8, @$);
            if (!$$) YYABORT;
        }
  | K_CREATE K_SINK table_name K_WITH '(' options ')'
        {
            $$ = ast_stmt_new(A, STMT_CREATE_SINK, @$);
            $$->create_sink.name = $3;
            $$->create_sink.name_span = @3;
            $$->create_sink.options = $6;
        }
  ;

source_kind: K_STREAM { $$ = OBJ_STREAM; } | K_TABLE { $$ = OBJ_TABLE; } ;

col_elems_opt: %empty { $$ = NULL; } | '(' col_elems ')' { $$ = $2; } ;

col_elems:
    col_elem                    { $$ = list1(A, $1); }
  | col_elems ',' col_elem      { $$ = list_add(A, $1, $3); }
  ;

col_elem:
    name type_name
        {
            AstColumnDef *c = ARENA_NEW(A, AstColumnDef);
            c->name = as_written(A, pc->lex.text, $1, @1);   /* shown in results */
            c->type_name = $2;
            c->span = @$;
            c->type_span = @2;
            $$ = ARENA_NEW(A, ColElem);
            $$->col = c;
            $$->span = @$;
        }
  | K_WATERMARK K_FOR name K_AS expr
        {
            $$ = ARENA_NEW(A, ColElem);
            $$->wm_column = $3;
            $$->wm_expr = $5;
            $$->span = @$;
        }
  ;

with_opt: %empty { $$ = NULL; } | K_WITH '(' options ')' { $$ = $3; } ;

options:
    option                      { $$ = list1(A, $1); }
  | options ',' option          { $$ = list_add(A, $1, $3); }
  ;

option:
    option_key '=' option_value { $$ = mk_option(A, $1, $3, @3, @$); } ;

option_key: any_name | STRING { $$ = lower(A, $1); } ;

/* Values keep their text: 'strings' unquoted, numbers as written,
 * TRUE/FALSE and bare words lower-cased. */
option_value:
    STRING
  | INTEGER
  | FLOAT
  | '-' INTEGER                 { $$ = negate_text(A, $2); }
  | '-' FLOAT                   { $$ = negate_text(A, $2); }
  | any_name
  ;

drop_stmt:
    K_DROP object_kind table_name
        { $$ = mk_drop(A, (AstObjectKind)$2, $3, @3, false, @$); }
  | K_DROP object_kind K_IF K_EXISTS table_name
        { $$ = mk_drop(A, (AstObjectKind)$2, $5, @5, true, @$); }
  ;

object_kind:
    K_STREAM { $$ = OBJ_STREAM; } | K_TABLE { $$ = OBJ_TABLE; } | K_SINK { $$ = OBJ_SINK; } ;

show_stmt:
    K_SHOW K_STREAMS   { $$ = ast_stmt_new(A, STMT_SHOW, @$); $$->show.what = SHOW_STREAMS; }
  | K_SHOW K_TABLES    { $$ = ast_stmt_new(A, STMT_SHOW, @$); $$->show.what = SHOW_TABLES; }
  | K_SHOW K_SINKS     { $$ = ast_stmt_new(A, STMT_SHOW, @$); $$->show.what = SHOW_SINKS; }
  | K_SHOW K_QUERIES   { $$ = ast_stmt_new(A, STMT_SHOW, @$); $$->show.what = SHOW_QUERIES; }
  | K_SHOW K_PROGRESS  { $$ = ast_stmt_new(A, STMT_SHOW, @$); $$->show.what = SHOW_PROGRESS; }
  | K_SHOW K_SETTINGS  { $$ = ast_stmt_new(A, STMT_SHOW, @$); $$->show.what = SHOW_SETTINGS; }
  | K_SHOW K_FUNCTIONS { $$ = ast_stmt_new(A, STMT_SHOW, @$); $$->show.what = SHOW_FUNCTIONS; }
  | K_SHOW K_CREATE K_STREAM table_name { $$ = mk_show_create(A, OBJ_STREAM, $4, @4, @$); }
  | K_SHOW K_CREATE K_TABLE table_name  { $$ = mk_show_create(A, OBJ_TABLE, $4, @4, @$); }
  | K_SHOW K_CREATE K_SINK table_name   { $$ = mk_show_create(A, OBJ_SINK, $4, @4, @$); }
  ;

describe_stmt:
    K_DESCRIBE table_name
        { $$ = ast_stmt_new(A, STMT_DESCRIBE, @$); $$->describe.name = $2; $$->describe.name_span = @2; }
  | K_DESC table_name
        { $$ = ast_stmt_new(A, STMT_DESCRIBE, @$); $$->describe.name = $2; $$->describe.name_span = @2; }
  ;

set_stmt:
    K_SET any_name '=' option_value
        {
            $$ = ast_stmt_new(A, STMT_SET, @$);
            $$->set.name = $2;
            $$->set.value = $4;
            $$->set.value_span = @4;
        }
  | K_SET any_name K_TO option_value
        {
            $$ = ast_stmt_new(A, STMT_SET, @$);
            $$->set.name = $2;
            $$->set.value = $4;
            $$->set.value_span = @4;
        }
  ;

insert_stmt:
    K_INSERT K_INTO table_name query
        {
            $$ = ast_stmt_new(A, STMT_INSERT, @$);
            $$->insert.sink = $3;
            $$->insert.sink_span = @3;
            $$->insert.query = $4;
        }
  ;

explain_stmt:
    K_EXPLAIN explain_level explainable
        {
            $$ = ast_stmt_new(A, STMT_EXPLAIN, @$);
            $$->explain.level = (AstExplainLevel)$2;
            $$->explain.stmt = $3;
        }
  ;

explain_level:
    %empty       { $$ = EXPLAIN_ALL; }
  | K_LOGICAL    { $$ = EXPLAIN_LOGICAL; }
  | K_PHYSICAL   { $$ = EXPLAIN_PHYSICAL; }
  ;

explainable:
    query        { $$ = ast_stmt_new(A, STMT_SELECT, @$); $$->select = $1; }
  | insert_stmt
  ;

stop_stmt:
    K_STOP K_QUERY INTEGER      { $$ = mk_stop(pc, $3, @3, @$); if (!$$) YYABORT; }
  | K_TERMINATE INTEGER         { $$ = mk_stop(pc, $2, @2, @$); if (!$$) YYABORT; }
  | K_TERMINATE K_QUERY INTEGER { $$ = mk_stop(pc, $3, @3, @$); if (!$$) YYABORT; }
  ;

reset_stmt:
    K_RESET any_name
        {
            $$ = ast_stmt_new(A, STMT_RESET, @$);
            $$->set.name = $2;
            $$->set.value_span = @2;
        }
  ;

help_stmt:
    K_HELP          { $$ = ast_stmt_new(A, STMT_HELP, @$); }
  | K_HELP any_name { $$ = ast_stmt_new(A, STMT_HELP, @$); $$->help.topic = $2; }
  ;

/* ---- queries --------------------------------------------------------- */

query:
    select_core
  | K_WITH ctes select_core     { $$ = $3; $$->ctes = $2; $$->span = @$; }
  ;

ctes:
    cte                         { $$ = list1(A, $1); }
  | ctes ',' cte                { $$ = list_add(A, $1, $3); }
  ;

cte:
    table_name K_AS '(' query ')'
        {
            $$ = ARENA_NEW(A, AstCte);
            $$->name = $1;
            $$->span = @$;
            $$->query = $4;
        }
  ;

select_core:
    K_SELECT distinct_opt select_items from_opt where_opt group_opt having_opt select_tail
        {
            AstSelect *s = ast_select_new(A, @$);
            s->distinct = $2;
            s->items = $3;
            s->from = $4;
            s->where = $5;
            s->group_by = $6;
            s->having = $7;
            s->emit = $8->emit;
            s->emit_span = $8->emit_span;
            s->every = $8->every;
            s->order_by = $8->order_by;
            s->limit = $8->limit;
            $$ = s;
        }
  ;

distinct_opt: %empty { $$ = false; } | K_DISTINCT { $$ = true; } ;

select_items:
    select_item                     { $$ = list1(A, $1); }
  | select_items ',' select_item    { $$ = list_add(A, $1, $3); }
  ;

select_item:
    expr
        { $$ = ARENA_NEW(A, AstSelectItem); $$->expr = $1; $$->span = @$; }
  | expr K_AS any_name
        {
            $$ = ARENA_NEW(A, AstSelectItem);
            $$->expr = $1;
            $$->alias = as_written(A, pc->lex.text, $3, @3);
            $$->span = @$;
        }
  | expr alias_name
        {
            $$ = ARENA_NEW(A, AstSelectItem);
            $$->expr = $1;
            $$->alias = as_written(A, pc->lex.text, $2, @2);
            $$->span = @$;
        }
  | '*'
        {
            $$ = ARENA_NEW(A, AstSelectItem);
            $$->expr = ast_expr_new(A, AST_STAR, @$);
            $$->span = @$;
        }
  | name '.' '*'
        {
            $$ = ARENA_NEW(A, AstSelectItem);
            $$->expr = ast_expr_new(A, AST_STAR, @$);
            $$->expr->star.qualifier = $1;
            $$->span = @$;
        }
  ;

from_opt: %empty { $$ = NULL; } | K_FROM from_item { $$ = $2; } ;

from_item:
    table_ref
  | from_item join_kind K_JOIN table_ref K_ON expr
        { $$ = mk_join(A, (AstJoinKind)$2, $1, $4, $6, @$); }
  | from_item K_CROSS K_JOIN table_ref
        { $$ = mk_join(A, JOIN_CROSS, $1, $4, NULL, @$); }
  ;

join_kind:
    %empty              { $$ = JOIN_INNER; }
  | K_INNER             { $$ = JOIN_INNER; }
  | K_LEFT              { $$ = JOIN_LEFT; }
  | K_LEFT K_OUTER      { $$ = JOIN_LEFT; }
  | K_RIGHT             { $$ = JOIN_RIGHT; }
  | K_RIGHT K_OUTER     { $$ = JOIN_RIGHT; }
  | K_FULL              { $$ = JOIN_FULL; }
  | K_FULL K_OUTER      { $$ = JOIN_FULL; }
  | K_LEFT K_SEMI       { $$ = JOIN_LEFT_SEMI; }
  ;

table_ref:
    table_name alias_opt
        {
            $$ = ast_from_new(A, FROM_TABLE, @$);
            $$->table.name = $1;
            $$->table.name_span = @1;
            $$->alias = $2;
        }
  | '(' query ')' alias_opt
        {
            $$ = ast_from_new(A, FROM_SUBQUERY, @$);
            $$->subquery = $2;
            $$->alias = $4;
        }
  | table_name '(' from_args ')' alias_opt
        { $$ = mk_from_func(A, $1, $3, @$); $$->alias = $5; }
  | K_TABLE '(' table_name '(' from_args ')' ')' alias_opt
        { $$ = mk_from_func(A, $3, $5, @$); $$->alias = $8; }
  ;

from_args:
    from_arg                    { $$ = list1(A, $1); }
  | from_args ',' from_arg      { $$ = list_add(A, $1, $3); }
  ;

from_arg:
    expr                        { $$ = from_arg($1); }
  | K_TABLE table_name          { $$ = mk_column(A, NULL, $2, @2); }
  ;

alias_opt:
    %empty                      { $$ = NULL; }
  | K_AS any_name               { $$ = $2; }
  | alias_name
  ;

where_opt: %empty { $$ = NULL; } | K_WHERE expr { $$ = $2; } ;

group_opt: %empty { $$ = NULL; } | K_GROUP K_BY expr_list { $$ = $3; } ;

having_opt: %empty { $$ = NULL; } | K_HAVING expr { $$ = $2; } ;

/* EMIT goes after HAVING, or at the very end (after ORDER BY/LIMIT). */
select_tail:
    order_limit_opt
  | emit_clause order_limit_opt
        {
            $$ = $1;
            $$->order_by = $2->order_by;
            $$->limit = $2->limit;
        }
  | order_limit emit_clause
        {
            $$ = $2;
            $$->order_by = $1->order_by;
            $$->limit = $1->limit;
        }
  ;

order_limit_opt: %empty { $$ = new_tail(A); } | order_limit ;

order_limit:
    order_by                    { $$ = new_tail(A); $$->order_by = $1; }
  | limit_clause                { $$ = new_tail(A); $$->limit = $1; }
  | order_by limit_clause       { $$ = new_tail(A); $$->order_by = $1; $$->limit = $2; }
  ;

emit_clause:
    K_EMIT emit_mode
        { $$ = new_tail(A); $$->emit = (AstEmitMode)$2; $$->emit_span = @$; }
  | K_EMIT emit_mode K_EVERY b_expr
        {
            $$ = new_tail(A);
            $$->emit = (AstEmitMode)$2;
            $$->emit_span = @$;
            $$->every = $4;
        }
  | K_EMIT K_EVERY b_expr
        {
            $$ = new_tail(A);
            $$->emit = EMIT_DEFAULT;
            $$->emit_span = @$;
            $$->every = $3;
        }
  ;

emit_mode:
    K_APPEND    { $$ = EMIT_APPEND; }
  | K_FINAL     { $$ = EMIT_FINAL; }
  | K_UPDATE    { $$ = EMIT_UPDATE; }
  | K_CHANGES   { $$ = EMIT_UPDATE; }
  | K_COMPLETE  { $$ = EMIT_COMPLETE; }
  ;

order_by: K_ORDER K_BY order_items { $$ = $3; } ;

order_items:
    order_item                  { $$ = list1(A, $1); }
  | order_items ',' order_item  { $$ = list_add(A, $1, $3); }
  ;

order_item:
    expr dir_opt nulls_opt
        {
            $$ = ARENA_NEW(A, AstOrderItem);
            $$->expr = $1;
            $$->desc = $2;
            $$->nulls = $3;
        }
  ;

dir_opt: %empty { $$ = 0; } | K_ASC { $$ = 0; } | K_DESC { $$ = 1; } ;

nulls_opt:
    %empty              { $$ = 0; }
  | K_NULLS K_FIRST     { $$ = 1; }
  | K_NULLS K_LAST      { $$ = 2; }
  ;

limit_clause: K_LIMIT b_expr { $$ = $2; } ;

/* ---- expressions ----------------------------------------------------- */

expr:
    b_expr
  | expr K_OR expr      { $$ = mk_binary(A, OP_OR, $1, $3, @2, @$); }
  | expr K_AND expr     { $$ = mk_binary(A, OP_AND, $1, $3, @2, @$); }
  | K_NOT expr          { $$ = mk_unary(A, OP_NOT, $2, @$); }
  | expr '=' expr       { $$ = mk_binary(A, OP_EQ, $1, $3, @2, @$); }
  | expr NE expr        { $$ = mk_binary(A, OP_NE, $1, $3, @2, @$); }
  | expr '<' expr       { $$ = mk_binary(A, OP_LT, $1, $3, @2, @$); }
  | expr LE expr        { $$ = mk_binary(A, OP_LE, $1, $3, @2, @$); }
  | expr '>' expr       { $$ = mk_binary(A, OP_GT, $1, $3, @2, @$); }
  | expr GE expr        { $$ = mk_binary(A, OP_GE, $1, $3, @2, @$); }
  | expr K_IS K_NULL
        { $$ = ast_expr_new(A, AST_IS_NULL, @$); $$->is_null.arg = $1; }
  | expr K_IS K_NOT K_NULL
        { $$ = ast_expr_new(A, AST_IS_NULL, @$); $$->is_null.arg = $1; $$->is_null.negated = true; }
  | expr K_IN '(' expr_list ')'
        { $$ = ast_expr_new(A, AST_IN, @$); $$->in.arg = $1; $$->in.list = $4; }
  | expr NOT_LA K_IN '(' expr_list ')'
        {
            $$ = ast_expr_new(A, AST_IN, @$);
            $$->in.arg = $1;
            $$->in.list = $5;
            $$->in.negated = true;
        }
  | expr K_BETWEEN b_expr K_AND expr %prec K_BETWEEN
        {
            $$ = ast_expr_new(A, AST_BETWEEN, @$);
            $$->between.arg = $1;
            $$->between.lo = $3;
            $$->between.hi = $5;
        }
  | expr NOT_LA K_BETWEEN b_expr K_AND expr %prec K_BETWEEN
        {
            $$ = ast_expr_new(A, AST_BETWEEN, @$);
            $$->between.arg = $1;
            $$->between.lo = $4;
            $$->between.hi = $6;
            $$->between.negated = true;
        }
  | expr K_LIKE expr
        { $$ = ast_expr_new(A, AST_LIKE, @$); $$->like.arg = $1; $$->like.pattern = $3; }
  | expr NOT_LA K_LIKE expr %prec K_LIKE
        {
            $$ = ast_expr_new(A, AST_LIKE, @$);
            $$->like.arg = $1;
            $$->like.pattern = $4;
            $$->like.negated = true;
        }
  ;

b_expr:
    primary
  | b_expr '+' b_expr       { $$ = mk_binary(A, OP_ADD, $1, $3, @2, @$); }
  | b_expr '-' b_expr       { $$ = mk_binary(A, OP_SUB, $1, $3, @2, @$); }
  | b_expr '*' b_expr       { $$ = mk_binary(A, OP_MUL, $1, $3, @2, @$); }
  | b_expr '/' b_expr       { $$ = mk_binary(A, OP_DIV, $1, $3, @2, @$); }
  | b_expr '%' b_expr       { $$ = mk_binary(A, OP_MOD, $1, $3, @2, @$); }
  | b_expr CONCAT b_expr    { $$ = mk_binary(A, OP_CONCAT, $1, $3, @2, @$); }
  | '-' b_expr %prec UMINUS { $$ = mk_unary(A, OP_NEG, $2, @$); }
  | '+' b_expr %prec UMINUS { $$ = mk_unary(A, OP_PLUS, $2, @$); }
  | b_expr TYPECAST type_name
        {
            $$ = ast_expr_new(A, AST_CAST, @$);
            $$->cast.arg = $1;
            $$->cast.type_name = $3;
            $$->cast.type_span = @3;
        }
  | b_expr '[' expr ']'
        {
            $$ = ast_expr_new(A, AST_SUBSCRIPT, @$);
            $$->subscript.arg = $1;
            $$->subscript.index = $3;
        }
  ;

primary:
    literal
  | column_ref
  | func_call
  | case_expr
  | '(' expr ')'            { $$ = $2; }
  | K_CAST '(' expr K_AS type_name ')'
        {
            $$ = ast_expr_new(A, AST_CAST, @$);
            $$->cast.arg = $3;
            $$->cast.type_name = $5;
            $$->cast.type_span = @5;
        }
  ;

literal:
    INTEGER         { $$ = mk_number(pc, $1, true, @$); if (!$$) YYABORT; }
  | FLOAT           { $$ = mk_number(pc, $1, false, @$); if (!$$) YYABORT; }
  | STRING          { $$ = mk_lit(A, LIT_STRING, @$); $$->lit.s = $1; }
  | K_TRUE          { $$ = mk_lit(A, LIT_BOOL, @$); $$->lit.b = true; }
  | K_FALSE         { $$ = mk_lit(A, LIT_BOOL, @$); $$->lit.b = false; }
  | K_NULL          { $$ = mk_lit(A, LIT_NULL, @$); }
  | K_INTERVAL STRING
        { $$ = mk_lit(A, LIT_INTERVAL, @$); $$->lit.s = $2; }
  | K_INTERVAL STRING interval_unit
        { $$ = mk_lit(A, LIT_INTERVAL, @$); $$->lit.s = $2; $$->lit.unit = $3; }
  | K_TIMESTAMP STRING
        { $$ = mk_lit(A, LIT_TIMESTAMP, @$); $$->lit.s = $2; }
  ;

interval_unit:
    K_MICROSECOND | K_MICROSECONDS | K_MILLISECOND | K_MILLISECONDS
  | K_SECOND | K_SECONDS | K_MINUTE | K_MINUTES | K_HOUR | K_HOURS
  | K_DAY | K_DAYS | K_WEEK | K_WEEKS | K_MONTH | K_MONTHS | K_YEAR | K_YEARS
  ;

column_ref:
    name                    { $$ = mk_column(A, NULL, $1, @$); }
  | name '.' any_name       { $$ = mk_column(A, $1, $3, @$); }
  ;

func_call:
    name '(' ')'            { $$ = mk_call(A, $1, NULL, @$); }
  | name '(' expr_list ')'  { $$ = mk_call(A, $1, $3, @$); }
  | name '(' K_DISTINCT expr_list ')'
        { $$ = mk_call(A, $1, $4, @$); $$->call.distinct = true; }
  | name '(' '*' ')'
        { $$ = mk_call(A, $1, list1(A, ast_expr_new(A, AST_STAR, @3)), @$); }
  | K_CURRENT_TIMESTAMP
        { $$ = mk_call(A, $1, NULL, @$); $$->call.no_parens = true; }
  | K_CURRENT_TIMESTAMP '(' ')'
        { $$ = mk_call(A, $1, NULL, @$); }
  ;

case_expr:
    K_CASE when_list else_opt K_END
        {
            $$ = ast_expr_new(A, AST_CASE, @$);
            $$->kase.whens = $2;
            $$->kase.else_ = $3;
        }
  | K_CASE expr when_list else_opt K_END
        {
            $$ = ast_expr_new(A, AST_CASE, @$);
            $$->kase.operand = $2;
            $$->kase.whens = $3;
            $$->kase.else_ = $4;
        }
  ;

when_list:
    when_clause                 { $$ = list1(A, $1); }
  | when_list when_clause       { $$ = list_add(A, $1, $2); }
  ;

when_clause:
    K_WHEN expr K_THEN expr
        { $$ = ARENA_NEW(A, AstWhen); $$->when = $2; $$->then = $4; }
  ;

else_opt: %empty { $$ = NULL; } | K_ELSE expr { $$ = $2; } ;

expr_list:
    expr                    { $$ = list1(A, $1); }
  | expr_list ',' expr      { $$ = list_add(A, $1, $3); }
  ;

/* ---- names ----------------------------------------------------------- */

/* A bare alias (no AS): identifiers and unreserved keywords. */
alias_name: IDENT | unreserved_keyword ;

/* A stream, table, sink, CTE or FROM-function name. */
table_name: IDENT | unreserved_keyword | col_name_keyword ;

/* A column or function name. */
name: table_name | K_TABLE ;

/* A type: any name, and INTERVAL. */
type_name: name | K_INTERVAL ;

/* After '.', AS, SET, HELP and as an option key: any word. */
any_name: name | reserved_keyword ;

unreserved_keyword:
    K_APPEND | K_ASC | K_CHANGES | K_COMPLETE | K_CREATE | K_DESC | K_DESCRIBE
  | K_DROP | K_EVERY | K_EXISTS | K_EXPLAIN | K_FINAL | K_FIRST | K_HELP | K_IF
  | K_INSERT | K_INTO | K_LAST | K_LOGICAL | K_NULLS | K_OUTER | K_PHYSICAL
  | K_PROGRESS | K_QUERIES | K_QUERY | K_SEMI | K_SET | K_SHOW | K_SINK
  | K_SINKS | K_STOP | K_STREAM | K_STREAMS | K_TABLES | K_TERMINATE
  | K_TIMESTAMP | K_TO | K_UPDATE | K_WATERMARK | K_FUNCTIONS | K_RESET | K_SETTINGS
  ;

col_name_keyword: K_END | K_LEFT | K_RIGHT | interval_unit ;

reserved_keyword:
    K_AND | K_AS | K_BETWEEN | K_BY | K_CASE | K_CAST | K_CROSS
  | K_CURRENT_TIMESTAMP | K_DISTINCT | K_ELSE | K_EMIT | K_EXCEPT | K_FALSE
  | K_FOR | K_FROM | K_FULL | K_GROUP | K_HAVING | K_IN | K_INNER | K_INTERSECT
  | K_INTERVAL | K_IS | K_JOIN | K_LIKE | K_LIMIT | K_NOT | K_NULL | K_ON | K_OR
  | K_ORDER | K_SELECT | K_THEN | K_TRUE | K_UNION | K_WHEN | K_WHERE | K_WITH
  ;

%%

/* The token stream the parser sees: the scanner's, with NOT turned into
 * NOT_LA when IN, BETWEEN or LIKE follows (PostgreSQL does the same), so
 * that `a = b NOT IN (1)` groups as `a = (b NOT IN (1))`. */
static int sql_lex(SQL_STYPE *val, Span *loc, ParseCtx *pc)
{
    int tok;
    if (pc->has_peek) {
        tok = pc->peek_tok;
        *val = pc->peek_val;
        *loc = pc->peek_loc;
        pc->has_peek = false;
    } else {
        tok = sql_scan(val, loc, pc->scanner);
    }
    if (tok == K_NOT) {
        pc->peek_tok = sql_scan(&pc->peek_val, &pc->peek_loc, pc->scanner);
        pc->has_peek = true;
        if (pc->peek_tok == K_IN || pc->peek_tok == K_BETWEEN
            || pc->peek_tok == K_LIKE)
            tok = NOT_LA;
    }
    pc->prev_tok = pc->last_tok;
    pc->prev_loc = pc->last_loc;
    pc->last_tok = tok;
    pc->last_loc = *loc;
    return tok;
}

/* Bison calls this only when its stack overflows. */
static void sql_error(Span *loc, ParseCtx *pc, const char *msg)
{
    (void)msg;
    diag_error(pc->lex.diag, *loc, "statement is nested too deeply");
}

const char *sql_token_name(int token)
{
    return yysymbol_name(YYTRANSLATE(token));
}

/* ---- syntax error messages ------------------------------------------ */

/* The set of tokens the parser would have accepted, by symbol. */
typedef struct Expected {
    bool on[YYNTOKENS];
} Expected;

static bool want(const Expected *ex, int token)
{
    return ex->on[YYTRANSLATE(token)];
}

static const SqlKeyword *keyword_of(yysymbol_kind_t sym)
{
    for (int i = 0; i < sql_keyword_count; i++)
        if (YYTRANSLATE(sql_keywords[i].token) == sym) return &sql_keywords[i];
    return NULL;
}

static bool in_set(int token, const int *set, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (set[i] == token) return true;
    return false;
}

#define IN_SET(tok, arr) in_set((tok), (arr), sizeof(arr) / sizeof((arr)[0]))

static const int stmt_starts[] = {
    K_CREATE, K_DROP, K_SHOW, K_DESCRIBE, K_DESC, K_SET, K_SELECT, K_WITH,
    K_INSERT, K_EXPLAIN, K_STOP, K_TERMINATE, K_HELP, K_RESET,
};
/* Tokens that start an expression, besides names; '*' and DISTINCT are
 * implied by "an expression" where a select list or call may start. */
static const int expr_starts[] = {
    '(', '-', '+', '*', K_NOT, K_CASE, K_CAST, K_TRUE, K_FALSE, K_NULL,
    K_INTERVAL, K_CURRENT_TIMESTAMP, K_DISTINCT,
};
static const int operators[] = {
    '+', '-', '*', '/', '%', '=', NE, '<', LE, '>', GE, CONCAT, TYPECAST, '[',
    K_IS, K_IN, K_LIKE, K_BETWEEN, NOT_LA, K_OR,
};
static const int join_words[] = { K_INNER, K_LEFT, K_RIGHT, K_FULL, K_CROSS };
/* Keywords listed in the order a query reads, before all others. */
static const int clause_order[] = {
    K_AS, K_ON, K_JOIN, K_FROM, K_WHERE, K_GROUP, K_HAVING, K_EMIT, K_EVERY,
    K_ORDER, K_LIMIT,
};

/* At the start of a statement (not where any word is a name). */
static bool want_statement(const Expected *ex)
{
    return want(ex, K_SELECT) && want(ex, K_CREATE) && !want(ex, IDENT);
}

/* Whether an expected token is implied by a broader item of the list. */
static bool implied(const Expected *ex, int tok, const SqlKeyword *kw)
{
    bool expr = want(ex, IDENT) && want(ex, INTEGER);
    /* where a column or table name may stand, every non-reserved word may */
    bool name_ctx = want(ex, IDENT) && want(ex, K_END) && want(ex, K_SECOND);
    if (tok == END_OF_INPUT && want(ex, ';')) return true;
    if (want_statement(ex) && IN_SET(tok, stmt_starts)) return true;
    if (tok == IDENT || tok == INTEGER || tok == FLOAT || tok == STRING)
        return true;                     /* named by a category */
    if (kw && want(ex, IDENT) && want(ex, K_SELECT)) return true; /* any word */
    if (tok == K_INTERVAL && want(ex, IDENT) && !want(ex, INTEGER)) return true;
    if (kw && want(ex, IDENT)) {
        if (kw->kwclass == KW_U) return true;
        if (name_ctx && (kw->kwclass == KW_C || kw->kwclass == KW_T)) return true;
    }
    if (expr && IN_SET(tok, expr_starts)) return true;
    if (want(ex, '/') && (IN_SET(tok, operators) || tok == '(' || tok == '.'))
        return true;                     /* after an expression or a name */
    if (tok == '(' && (want(ex, K_JOIN) || want(ex, K_ON)))
        return true;                     /* TUMBLE( in FROM */
    if (tok == K_AND && want(ex, K_OR)) return true;
    if (want(ex, K_JOIN) && IN_SET(tok, join_words)) return true;
    return false;
}

static void describe_symbol(yysymbol_kind_t sym, StrBuf *out)
{
    const SqlKeyword *kw = keyword_of(sym);
    if (sym == YYSYMBOL_YYEOF) sb_puts(out, "end of input");
    else if (sym == YYTRANSLATE(NOT_LA)) sb_puts(out, "NOT");
    else if (kw && kw->token == K_GROUP) sb_puts(out, "GROUP BY");
    else if (kw && kw->token == K_ORDER) sb_puts(out, "ORDER BY");
    else if (kw) sb_puts(out, kw->name);
    else {
        const char *n = yysymbol_name(sym);
        if (n[0] == '\'') sb_printf(out, "\"%c\"", n[1]);
        else sb_printf(out, "\"%s\"", n);
    }
}

/* The token code of a symbol (the inverse of YYTRANSLATE), or -1. */
static int token_of(int sym)
{
    for (int t = 0; t <= YYMAXUTOK; t++)
        if (YYTRANSLATE(t) == sym) return t;
    return -1;
}

/* "a name, AS or JOIN": what the parser expected, in human words.
 * Categories first, then punctuation, then keywords (those of a query in
 * the order a query reads), then "an operator" and ";". */
static void describe_expected(const Expected *ex, StrBuf *out)
{
    enum { MAX_ITEMS = 8 };
    StrBuf items[YYNTOKENS + 8];
    int n = 0;
#define ITEM(s) do { items[n] = (StrBuf)STRBUF_INIT; sb_puts(&items[n++], (s)); } while (0)

    if (want_statement(ex)) ITEM("a statement");
    if (want(ex, IDENT) && want(ex, INTEGER)) ITEM("an expression");
    else if (want(ex, IDENT) && want(ex, K_INTERVAL) && !want(ex, K_SELECT))
        ITEM("a type name");
    else if (want(ex, IDENT)) ITEM("a name");
    else {
        if (want(ex, INTEGER) && want(ex, FLOAT)) ITEM("a number");
        else if (want(ex, INTEGER)) ITEM("an integer");
        if (want(ex, STRING)) ITEM("a string");
    }
    for (int s = 0; s < YYNTOKENS; s++) {
        if (!ex->on[s] || keyword_of((yysymbol_kind_t)s)) continue;
        int tok = token_of(s);
        if (tok < 0 || tok == ';' || tok == END_OF_INPUT || tok == SQL_error
            || tok == SQL_UNDEF || implied(ex, tok, NULL))
            continue;
        items[n] = (StrBuf)STRBUF_INIT;
        describe_symbol((yysymbol_kind_t)s, &items[n++]);
    }
    for (size_t i = 0; i < sizeof clause_order / sizeof clause_order[0]; i++) {
        yysymbol_kind_t s = YYTRANSLATE(clause_order[i]);
        if (!ex->on[s] || implied(ex, clause_order[i], keyword_of(s))) continue;
        items[n] = (StrBuf)STRBUF_INIT;
        describe_symbol(s, &items[n++]);
    }
    for (int s = 0; s < YYNTOKENS; s++) {
        const SqlKeyword *kw = keyword_of((yysymbol_kind_t)s);
        if (!ex->on[s] || !kw || IN_SET(kw->token, clause_order)
            || implied(ex, kw->token, kw))
            continue;
        items[n] = (StrBuf)STRBUF_INIT;
        describe_symbol((yysymbol_kind_t)s, &items[n++]);
    }
    if (want(ex, '/')) ITEM("an operator");
    if (want_statement(ex)) { /* ";" goes without saying */ }
    else if (want(ex, ';')) ITEM("\";\"");
    else if (want(ex, END_OF_INPUT)) ITEM("end of input");
#undef ITEM

    int shown = n > MAX_ITEMS ? MAX_ITEMS - 1 : n;
    for (int i = 0; i < shown; i++) {
        if (i > 0) sb_puts(out, i == n - 1 ? " or " : ", ");
        sb_puts(out, sb_str(&items[i]));
    }
    if (shown < n) sb_puts(out, ", ...");
    for (int i = 0; i < n; i++) sb_free(&items[i]);
}

/* The token as the user wrote it, shortened if long. */
static void describe_found(const ParseCtx *pc, yysymbol_kind_t sym, Span at,
                           StrBuf *out)
{
    if (sym == YYSYMBOL_YYEOF) {
        sb_puts(out, "end of input");
        return;
    }
    const char *s = pc->lex.text + at.off;
    int len = (int)at.len;
    const char *more = "";
    if (len > 32) {
        len = 29;
        more = "...";
    }
    if (sym == YYSYMBOL_STRING)                 /* keep the closing quote */
        sb_printf(out, "%.*s%s", len, s, *more ? "...'" : "");
    else sb_printf(out, "\"%.*s%s\"", len, s, more);
}

static bool is_bare_word(const ParseCtx *pc, int tok, Span at)
{
    return tok == IDENT && at.len > 0 && pc->lex.text[at.off] != '"';
}

/* Keywords the parser expected, for "did you mean" (reserved ones only if
 * `reserved_only`). Returns how many were stored into names. */
static int expected_keywords(const Expected *ex, bool reserved_only,
                             const char **names)
{
    int n = 0;
    for (int i = 0; i < sql_keyword_count; i++) {
        const SqlKeyword *kw = &sql_keywords[i];
        if (!want(ex, kw->token)) continue;
        if (reserved_only && kw->kwclass != KW_R) continue;
        if (strlen(kw->name) < 4) continue;     /* AS, IN, OR: too many false hits */
        names[n++] = kw->name;
    }
    return n;
}

static void syntax_hint(ParseCtx *pc, const Expected *ex, int found, Span at)
{
    Diag *d = pc->lex.diag;
    const char *names[sizeof(((Expected *)0)->on)];
    const char *text = pc->lex.text;

    if (found == K_UNION || found == K_INTERSECT || found == K_EXCEPT) {
        diag_hint(d, "UNION, INTERSECT and EXCEPT are not supported");
        return;
    }
    if (is_bare_word(pc, found, at)) {
        char *word = arena_strndup(pc->lex.arena, text + at.off, at.len);
        int n = expected_keywords(ex, false, names);
        const char *best = diag_closest(word, names, n);
        if (best) {
            diag_hint(d, "did you mean %s?", best);
            return;
        }
    }
    if (is_bare_word(pc, pc->prev_tok, pc->prev_loc)) {
        Span p = pc->prev_loc;
        char *word = arena_strndup(pc->lex.arena, text + p.off, p.len);
        int n = expected_keywords(ex, true, names);
        const char *best = diag_closest(word, names, n);
        if (best) diag_hint(d, "did you mean %s instead of \"%s\"?", best, word);
        return;
    }
    const SqlKeyword *kw = found > 0 ? keyword_of(YYTRANSLATE(found)) : NULL;
    if (kw && kw->kwclass == KW_R && want(ex, IDENT) && !want(ex, INTEGER)) {
        char *low = (char *)lower(pc->lex.arena, kw->name);
        diag_hint(d, "%s is a reserved word; to use it as a name, write it in "
                  "double quotes: \"%s\"", kw->name, low);
    }
}

static int yyreport_syntax_error(const yypcontext_t *ctx, ParseCtx *pc)
{
    if (pc->lex.diag->set) return 0;          /* the scanner reported it */
    yysymbol_kind_t sym = yypcontext_token(ctx);
    Span at = *yypcontext_location(ctx);
    yysymbol_kind_t exp[YYNTOKENS];
    int n = yypcontext_expected_tokens(ctx, exp, YYNTOKENS);
    Expected ex = {{false}};
    for (int i = 0; i < n; i++) ex.on[exp[i]] = true;

    StrBuf msg = STRBUF_INIT;
    sb_puts(&msg, "syntax error at ");
    describe_found(pc, sym, at, &msg);
    StrBuf list = STRBUF_INIT;
    describe_expected(&ex, &list);
    if (list.len) sb_printf(&msg, ": expected %s", sb_str(&list));
    diag_error(pc->lex.diag, at, "%s", sb_str(&msg));
    sb_free(&msg);
    sb_free(&list);
    syntax_hint(pc, &ex, pc->last_tok, at);
    return 0;
}
