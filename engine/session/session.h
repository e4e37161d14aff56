/* session — internals of a Sluice session shared by session.c (the
 * public API, statement dispatch, SELECT / INSERT / STOP), statements.c
 * (DDL, SHOW, SET, HELP), queries.c (the query table and scheduler) and
 * explain.c. Not part of the public interface. */
#ifndef SLUICE_SESSION_H
#define SLUICE_SESSION_H

#include "grammar/ast.h"
#include "catalog.h"
#include "engine/exec/exec.h"
#include "queries.h"
#include "sluice.h"
#include "stdin_tee.h"

typedef struct Settings {
    bool flush_on_end;       /* end of bounded input flushes everything */
    bool watermark_max;      /* watermark_policy = 'max' */
    int64_t wm_jump_warn_us; /* watermark_jump_warning (0: off) */
    bool clock_simulated;    /* clock = 'simulated' */
    int64_t clock_start_us;  /* clock_start */
    int64_t clock_step_us;   /* clock_step */
    /* how results print (settings.c; table and vertical formats) */
    int64_t max_rows;        /* rows per batch; 0 all */
    int64_t max_width;       /* characters per cell; 0 all */
    bool headers;            /* column names */
    char *null_text;         /* NULL shows as this (owned) */
    bool timer;              /* time and rows after each statement */
    bool echo;               /* each statement before it runs */
    char *checkpoint_dir;    /* INSERT INTO queries keep their progress in
                                checkpoint_dir/<sink>/ (owned; NULL: none) */
    int64_t checkpoint_interval_us; /* commit at most this often (0: every batch) */
} Settings;

struct Sluice {
    SluiceConfig cfg;
    Catalog catalog;
    Settings settings;
    volatile sig_atomic_t interrupt;   /* stop the running query */
    volatile sig_atomic_t signal;      /* the signal that asked, for the exit status */
    volatile sig_atomic_t abort;       /* a second signal: stop mid-batch, at once */
    int out_errno;                     /* writing cfg.out failed (errno): nothing more runs */
    int64_t next_query_id;
    QueryTable queries;                /* every query started, running or ended */
    StdinTee *tee;                     /* the one reader of standard input (data) */
    MemBudget mem;                     /* memory_limit, and what queries hold */
    OutputFormat initial_format;       /* RESET format goes back to it */
    int64_t initial_memory_limit;      /* ... and RESET memory_limit to it */
    FILE *term_out;                    /* cfg.out as given: .output goes back to it */
    bool out_is_file;                  /* cfg.out is a file of .output/.once (owned) */
    bool once;                         /* .once: back to term_out after one statement */
    bool quit;                         /* .quit/.exit ran */
    int read_depth;                    /* nesting of .read */
    int64_t last_rows;                 /* rows the last SELECT printed (.timer) */
};

/* The default memory_limit: 80% of the memory available (DuckDB's). */
int64_t session_default_memory_limit(void);

/* Per-statement context: the text spans refer to, and where errors go. */
typedef struct StmtCtx {
    Sluice *s;
    const char *src;
    Diag *diag;
} StmtCtx;

int stmt_create_source(StmtCtx *c, const AstStmt *st);
int stmt_drop(StmtCtx *c, const AstStmt *st);
int stmt_show(StmtCtx *c, const AstStmt *st);
int stmt_describe(StmtCtx *c, const AstStmt *st);
int stmt_set(StmtCtx *c, const AstStmt *st);
int stmt_reset(StmtCtx *c, const AstStmt *st);
int stmt_help(StmtCtx *c, const AstStmt *st);
/* introspect.c */
int stmt_show_create(StmtCtx *c, const AstStmt *st);
int stmt_show_functions(StmtCtx *c);
int stmt_help_topic(StmtCtx *c, const AstStmt *st);
int stmt_select(StmtCtx *c, const AstSelect *sel);
int stmt_create_sink(StmtCtx *c, const AstStmt *st);
int stmt_insert(StmtCtx *c, const AstStmt *st);
int stmt_stop(StmtCtx *c, const AstStmt *st);
int stmt_explain(StmtCtx *c, const AstStmt *st);

/* Parse, analyze and optimize a query into q (in arena qa). trace, when
 * not NULL, receives the plan before optimization and each rule firing. */
int session_plan_query(StmtCtx *c, Arena *qa, const AstSelect *sel, Query *q,
                       StrBuf *trace);

/* Flush cfg.out right after writing to it; a failure (now, or of the
 * write just before) is kept in out_errno, which ends the script. */
void session_flush_out(Sluice *s);

/* Print a one-shot result of TEXT columns (SHOW, DESCRIBE). */
void session_print_rows(Sluice *s, const char *const *names, int n_cols,
                        const char *const *cells, int n_rows);

#endif
