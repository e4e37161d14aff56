/* Unit tests: logical plan printing/cloning and the optimizer rules.
 *
 * Plans are built by hand over a small declared stream
 *   logs(ts TIMESTAMP, level TEXT, status BIGINT, latency_ms BIGINT, msg TEXT)
 * and checked through their printed form after one rule or after the
 * whole optimizer, with exact expected text. */
#include <criterion/criterion.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "engine/plan/optimize.h"
#include "engine/plan/plan.h"

static Arena *A;
static InputDef logs_def;
static Column logs_cols[] = {
    {.name = "ts", .type = TYPE_TIMESTAMP}, {.name = "level", .type = TYPE_TEXT}, {.name = "status", .type = TYPE_INT64},
    {.name = "latency_ms", .type = TYPE_INT64}, {.name = "msg", .type = TYPE_TEXT},
};

static void setup(void)
{
    A = arena_new();
    logs_def = (InputDef){.name = "logs", .is_stream = true,
                          .schema = {.n = 5, .cols = logs_cols}};
}

static void teardown(void) { arena_free(A); }

TestSuite(plan, .init = setup, .fini = teardown);
TestSuite(opt, .init = setup, .fini = teardown);

/* ---- builders ------------------------------------------------------- */

static Plan *scan(void)
{
    Plan *p = plan_new(A, PLAN_SCAN, NULL, logs_def.schema, SPAN_NONE);
    p->scan.def = &logs_def;
    p->scan.alias = "logs";
    return p;
}

/* A reference to the input column of that name. */
static Expr *col(const Plan *in, const char *name)
{
    int i = schema_find(&in->schema, name);
    cr_assert_geq(i, 0, "no column %s", name);
    return expr_column(A, i, in->schema.cols[i].type, in->schema.cols[i].name, SPAN_NONE);
}

static Expr *lit(int64_t v) { return expr_const(A, value_int(v), SPAN_NONE); }
static Expr *blit(bool v) { return expr_const(A, value_bool(v), SPAN_NONE); }
static Expr *text(const char *s) { return expr_const(A, value_text(s, (uint32_t)strlen(s)), SPAN_NONE); }

static Expr *call(const char *fn, Expr *l, Expr *r)
{
    Expr **args = ARENA_ARRAY(A, Expr *, 2);
    args[0] = l;
    args[1] = r;
    Diag d = {0};
    Expr *e = expr_call(A, fn, args, r ? 2 : (l ? 1 : 0), SPAN_NONE, &d);
    char msg[256];
    snprintf(msg, sizeof msg, "%s", d.message ? d.message : "");
    diag_clear(&d);
    cr_assert_not_null(e, "expr_call(%s): %s", fn, msg);
    return e;
}

static Expr *and_(Expr *l, Expr *r)
{
    Expr **args = ARENA_ARRAY(A, Expr *, 2);
    args[0] = l;
    args[1] = r;
    Diag d = {0};
    Expr *e = expr_logic(A, EXPR_AND, args, 2, false, SPAN_NONE, &d);
    cr_assert_not_null(e);
    diag_clear(&d);
    return e;
}

static Plan *filter(Plan *in, Expr *pred)
{
    Plan *p = plan_new(A, PLAN_FILTER, in, in->schema, SPAN_NONE);
    p->filter.pred = pred;
    return p;
}

/* project(in, n, "name", expr, "name", expr, ...) */
static Plan *project(Plan *in, int n, ...)
{
    Schema s = {.n = n, .cols = ARENA_ARRAY(A, Column, n)};
    Expr **exprs = ARENA_ARRAY(A, Expr *, n);
    va_list ap;
    va_start(ap, n);
    for (int i = 0; i < n; i++) {
        s.cols[i].name = va_arg(ap, const char *);
        exprs[i] = va_arg(ap, Expr *);
        s.cols[i].type = exprs[i]->type;
    }
    va_end(ap);
    Plan *p = plan_new(A, PLAN_PROJECT, in, s, SPAN_NONE);
    p->project.exprs = exprs;
    p->project.n = n;
    return p;
}

static Plan *explode(Plan *in, Expr *txt, const char *delim, const char *name)
{
    Schema s = {.n = in->schema.n + 1, .cols = ARENA_ARRAY(A, Column, in->schema.n + 1)};
    memcpy(s.cols, in->schema.cols, sizeof(Column) * (size_t)in->schema.n);
    s.cols[in->schema.n] = (Column){.name = name, .type = TYPE_TEXT};
    Plan *p = plan_new(A, PLAN_EXPLODE, in, s, SPAN_NONE);
    p->explode.text = txt;
    p->explode.delim = delim;
    return p;
}

/* One key (named after the expression) and the given aggregates. */
static Plan *aggregate(Plan *in, const char *key_name, Expr *key, int n_aggs,
                       const AggCall *aggs, const char *const *agg_names)
{
    int nk = key ? 1 : 0, n = nk + n_aggs;
    Schema s = {.n = n, .cols = ARENA_ARRAY(A, Column, n)};
    Plan *p = plan_new(A, PLAN_AGGREGATE, in, s, SPAN_NONE);
    if (key) {
        p->agg.cfg.keys = ARENA_ARRAY(A, Expr *, 1);
        p->agg.cfg.keys[0] = key;
        p->agg.cfg.n_keys = 1;
        s.cols[0] = (Column){.name = key_name, .type = key->type};
    }
    p->agg.cfg.aggs = arena_memdup(A, aggs, sizeof(AggCall) * (size_t)n_aggs);
    p->agg.cfg.n_aggs = n_aggs;
    for (int i = 0; i < n_aggs; i++) s.cols[nk + i] = (Column){.name = agg_names[i], .type = aggs[i].type};
    return p;
}

static Plan *sort1(Plan *in, const char *name, bool desc, bool nulls_first)
{
    Plan *p = plan_new(A, PLAN_SORT, in, in->schema, SPAN_NONE);
    p->sort.keys = ARENA_ARRAY(A, SortKey, 1);
    p->sort.keys[0] = (SortKey){schema_find(&in->schema, name), desc, nulls_first};
    p->sort.n = 1;
    return p;
}

static Plan *limit(Plan *in, int64_t n)
{
    Plan *p = plan_new(A, PLAN_LIMIT, in, in->schema, SPAN_NONE);
    p->limit.count = n;
    return p;
}

/* ---- checking ------------------------------------------------------- */

static void expect_plan(const Plan *p, const char *want)
{
    StrBuf sb = STRBUF_INIT;
    plan_print(p, &sb);
    cr_expect_str_eq(sb_str(&sb), want, "got:\n%s\nwant:\n%s", sb_str(&sb), want);
    sb_free(&sb);
}

static bool apply(const char *rule, Plan **root)
{
    for (const OptRule *r = optimize_rules; r->name; r++)
        if (strcmp(r->name, rule) == 0) return r->fn(A, root);
    cr_assert_fail("no rule %s", rule);
    return false;
}

/* Fires once, then reaches its own fixpoint. */
static void apply_once(const char *rule, Plan **root)
{
    cr_assert(apply(rule, root), "%s did not fire", rule);
    cr_assert_not(apply(rule, root), "%s fired twice", rule);
}

static void expect_same_schema(const Schema *a, const Schema *b)
{
    cr_assert_eq(a->n, b->n);
    for (int i = 0; i < a->n; i++) {
        cr_expect_str_eq(a->cols[i].name, b->cols[i].name);
        cr_expect_eq(a->cols[i].type, b->cols[i].type);
    }
}

static void expect_needed(const Plan *scan_node, const char *mask)
{
    cr_assert_eq(scan_node->kind, PLAN_SCAN);
    int n = scan_node->scan.def->schema.n;
    cr_assert_eq((int)strlen(mask), n);
    for (int i = 0; i < n; i++) {
        bool got = scan_node->scan.needed ? scan_node->scan.needed[i] : true;
        cr_expect_eq(got, mask[i] == '1', "needed[%d] (%s): got %d want %c", i,
                     scan_node->scan.def->schema.cols[i].name, got, mask[i]);
    }
}

static const Plan *bottom(const Plan *p)
{
    while (p->input) p = p->input;
    return p;
}

/* ---- plan_print, plan_clone ---------------------------------------- */

Test(plan, print_every_node_kind)
{
    Plan *s = scan();
    s->scan.alias = "l";
    Plan *f = filter(s, call(">=", col(s, "status"), lit(400)));
    Plan *e = explode(f, col(f, "msg"), " ", "word");
    Plan *pr = project(e, 3, "level", col(e, "level"), "word", col(e, "word"),
                       "lat2", call("*", col(e, "latency_ms"), lit(2)));
    AggCall aggs[] = {
        {AGG_COUNT_STAR, false, NULL, TYPE_INT64},
        {AGG_COUNT, true, col(pr, "word"), TYPE_INT64},
        {AGG_AVG, false, col(pr, "lat2"), TYPE_DOUBLE},
    };
    const char *names[] = {"n", "count(DISTINCT word)", "avg(lat2)"};
    Plan *ag = aggregate(pr, "level", col(pr, "level"), 3, aggs, names);
    Plan *so = sort1(ag, "n", true, true);
    Plan *li = limit(so, 10);
    expect_plan(li,
                "Limit 10\n"
                "  Sort [n DESC NULLS FIRST]\n"
                "    Aggregate keys=[level] aggs=[n := count(*), count(DISTINCT word), avg(lat2)]\n"
                "      Project [level, word, lat2 := (latency_ms * 2)]\n"
                "        Explode word := split(msg, ' ')\n"
                "          Filter (status >= 400)\n"
                "            Scan logs AS l [ts, level, status, latency_ms, msg]\n");
}

Test(plan, print_scan_needed_filter_and_values)
{
    Plan *s = scan();
    bool needed[] = {false, true, true, false, false};
    s->scan.needed = needed;
    s->scan.filter = call(">=", col(s, "status"), lit(400));
    expect_plan(s, "Scan logs [level, status] filter=(status >= 400)\n");

    bool none[] = {false, false, false, false, false};
    s->scan.needed = none;
    s->scan.filter = NULL;
    expect_plan(s, "Scan logs []\n");

    Plan *v = plan_new(A, PLAN_VALUES, NULL, (Schema){0, NULL}, SPAN_NONE);
    expect_plan(project(v, 1, "one", lit(1)), "Project [one := 1]\n  Values\n");
}

Test(plan, print_sort_defaults_regex_and_unnamed)
{
    Plan *s = scan();
    Plan *e = explode(s, col(s, "msg"), "a'b", "piece");
    e->explode.regex = true;
    Plan *so = sort1(e, "status", false, true);       /* default: no NULLS */
    expect_plan(so, "Sort [status]\n"
                    "  Explode piece := split(msg, 'a''b') regex\n"
                    "    Scan logs [ts, level, status, latency_ms, msg]\n");
    so->sort.keys[0].nulls_first = false;
    expect_plan(so, "Sort [status NULLS LAST]\n"
                    "  Explode piece := split(msg, 'a''b') regex\n"
                    "    Scan logs [ts, level, status, latency_ms, msg]\n");
    so->sort.keys[0].desc = true;
    Plan *pr = project(so, 1, "x", expr_column(A, 2, TYPE_INT64, NULL, SPAN_NONE));
    expect_plan(pr, "Project [x := #2]\n"
                    "  Sort [status DESC]\n"
                    "    Explode piece := split(msg, 'a''b') regex\n"
                    "      Scan logs [ts, level, status, latency_ms, msg]\n");
}

Test(plan, aggregate_defaults_and_global)
{
    Plan *s = scan();
    AggCall aggs[] = {{AGG_COUNT_STAR, false, NULL, TYPE_INT64}};
    const char *names[] = {"count(*)"};
    Plan *ag = aggregate(s, NULL, NULL, 1, aggs, names);
    cr_expect_eq(ag->agg.cfg.batch_key, -1);
    expect_plan(ag, "Aggregate keys=[] aggs=[count(*)]\n"
                    "  Scan logs [ts, level, status, latency_ms, msg]\n");
}

Test(plan, clone_is_deep_for_nodes_and_arrays)
{
    Plan *s = scan();
    Plan *p = project(filter(s, call(">", col(s, "status"), lit(1))), 2,
                      "level", col(s, "level"), "s", col(s, "status"));
    Plan *c = plan_clone(A, p);
    StrBuf x = STRBUF_INIT, y = STRBUF_INIT;
    plan_print(p, &x);
    plan_print(c, &y);
    cr_expect_str_eq(sb_str(&x), sb_str(&y));
    cr_expect_neq(c, p);
    cr_expect_neq(c->input, p->input);
    cr_expect_neq(c->input->input, p->input->input);
    cr_expect_neq(c->project.exprs, p->project.exprs);
    cr_expect_eq(c->project.exprs[0], p->project.exprs[0]);   /* shared */
    c->project.exprs[0] = lit(7);
    c->schema.cols[0].name = "seven";
    sb_reset(&x);
    plan_print(p, &x);
    cr_expect_str_eq(sb_str(&x), sb_str(&y));                 /* untouched */
    sb_free(&x);
    sb_free(&y);

    Schema sc = schema_copy(A, &logs_def.schema);
    cr_expect_eq(sc.n, 5);
    cr_expect_neq(sc.cols, logs_def.schema.cols);
    cr_expect_eq(sc.cols[1].name, logs_def.schema.cols[1].name);
}

/* ---- constant_folding ---------------------------------------------- */

Test(opt, rules_are_listed_in_order)
{
    const char *want[] = {"constant_folding", "merge_filters", "merge_projections",
                          "predicate_pushdown", "projection_pruning", NULL};
    int i = 0;
    for (; optimize_rules[i].name; i++) {
        cr_assert_not_null(want[i]);
        cr_expect_str_eq(optimize_rules[i].name, want[i]);
        cr_expect_not_null(optimize_rules[i].fn);
    }
    cr_expect_null(want[i]);
}

Test(opt, fold_arithmetic_in_filter)
{
    Plan *s = scan();
    Plan *root = filter(s, call(">", call("+", lit(1), lit(2)), col(s, "status")));
    expect_plan(root, "Filter ((1 + 2) > status)\n"
                      "  Scan logs [ts, level, status, latency_ms, msg]\n");
    apply_once("constant_folding", &root);
    expect_plan(root, "Filter (3 > status)\n"
                      "  Scan logs [ts, level, status, latency_ms, msg]\n");
}

Test(opt, fold_where_true_removes_filter)
{
    Plan *s = scan();
    Plan *root = project(filter(s, blit(true)), 1, "level", col(s, "level"));
    apply_once("constant_folding", &root);
    expect_plan(root, "Project [level]\n"
                      "  Scan logs [ts, level, status, latency_ms, msg]\n");

    /* As the root too: the schema stays the scan's. */
    root = filter(scan(), call("=", lit(1), lit(1)));
    apply_once("constant_folding", &root);
    cr_expect_eq(root->kind, PLAN_SCAN);
    expect_same_schema(&root->schema, &logs_def.schema);
}

Test(opt, fold_and_true_and_false_stays)
{
    Plan *s = scan();
    Plan *root = filter(s, and_(call(">", col(s, "status"), lit(1)), blit(true)));
    apply_once("constant_folding", &root);
    expect_plan(root, "Filter (status > 1)\n"
                      "  Scan logs [ts, level, status, latency_ms, msg]\n");

    root = filter(scan(), call(">", lit(1), lit(2)));
    apply_once("constant_folding", &root);
    expect_plan(root, "Filter FALSE\n"
                      "  Scan logs [ts, level, status, latency_ms, msg]\n");
}

Test(opt, fold_every_expression_kind)
{
    Plan *s = scan();
    s->scan.filter = call("<", col(s, "status"), call("*", lit(2), lit(300)));
    Plan *e = explode(s, col(s, "msg"), ",", "w");
    Plan *p = project(e, 2, "w", col(e, "w"), "x", call("+", col(e, "status"), call("-", lit(5), lit(1))));
    AggCall aggs[] = {{AGG_SUM, false, call("+", col(p, "x"), call("+", lit(1), lit(1))), TYPE_INT64}};
    const char *names[] = {"total"};
    Plan *root = aggregate(p, "k", call("+", lit(1), lit(1)), 1, aggs, names);
    apply_once("constant_folding", &root);
    expect_plan(root, "Aggregate keys=[k := 2] aggs=[total := sum((x + 2))]\n"
                      "  Project [w, x := (status + 4)]\n"
                      "    Explode w := split(msg, ',')\n"
                      "      Scan logs [ts, level, status, latency_ms, msg] filter=(status < 600)\n");

    /* A scan filter folding to TRUE disappears. */
    Plan *t = scan();
    t->scan.filter = call("<", lit(1), lit(2));
    apply_once("constant_folding", &t);
    cr_expect_null(t->scan.filter);
}

Test(opt, fold_nothing_returns_false)
{
    Plan *s = scan();
    Plan *root = filter(s, call(">", col(s, "status"), lit(1)));
    cr_expect_not(apply("constant_folding", &root));
    expect_plan(root, "Filter (status > 1)\n"
                      "  Scan logs [ts, level, status, latency_ms, msg]\n");
}

/* ---- merge_filters --------------------------------------------------- */

Test(opt, merge_adjacent_filters)
{
    Plan *s = scan();
    Plan *f1 = filter(s, call(">=", col(s, "status"), lit(400)));
    Plan *f2 = filter(f1, call("=", col(f1, "level"), text("ERROR")));
    Plan *f3 = filter(f2, call("<", col(f2, "latency_ms"), lit(100)));
    Plan *root = project(f3, 1, "msg", col(f3, "msg"));
    apply_once("merge_filters", &root);
    expect_plan(root, "Project [msg]\n"
                      "  Filter (((status >= 400) AND (level = 'ERROR')) AND (latency_ms < 100))\n"
                      "    Scan logs [ts, level, status, latency_ms, msg]\n");
}

/* ---- merge_projections --------------------------------------------- */

Test(opt, merge_projections_by_substitution)
{
    Plan *s = scan();
    Plan *inner = project(s, 3, "a", col(s, "status"), "b", call("upper", col(s, "level"), NULL),
                          "c", lit(3));
    Plan *root = project(inner, 3, "x", call("+", col(inner, "a"), col(inner, "c")),
                         "b", col(inner, "b"), "y", call("*", col(inner, "a"), col(inner, "c")));
    Schema before = schema_copy(A, &root->schema);
    apply_once("merge_projections", &root);
    expect_plan(root, "Project [x := (status + 3), b := upper(level), y := (status * 3)]\n"
                      "  Scan logs [ts, level, status, latency_ms, msg]\n");
    expect_same_schema(&root->schema, &before);
}

Test(opt, merge_projections_refuses_duplicating_work)
{
    Plan *s = scan();
    /* upper(level) would be computed twice. */
    Plan *inner = project(s, 1, "u", call("upper", col(s, "level"), NULL));
    Plan *root = project(inner, 2, "a", col(inner, "u"), "b", call("||", col(inner, "u"), text("!")));
    cr_expect_not(apply("merge_projections", &root));
    expect_plan(root, "Project [a := u, b := (u || '!')]\n"
                      "  Project [u := upper(level)]\n"
                      "    Scan logs [ts, level, status, latency_ms, msg]\n");

    /* current_timestamp is volatile: never duplicated. */
    Plan *inner2 = project(scan(), 1, "now", call("current_timestamp", NULL, NULL));
    Plan *root2 = project(inner2, 2, "a", col(inner2, "now"), "b", col(inner2, "now"));
    cr_expect_not(apply("merge_projections", &root2));

    /* ...but used once it may move. */
    Plan *root3 = project(inner2, 1, "t", col(inner2, "now"));
    apply_once("merge_projections", &root3);
    expect_plan(root3, "Project [t := current_timestamp]\n"
                       "  Scan logs [ts, level, status, latency_ms, msg]\n");
}

Test(opt, merge_three_projections)
{
    Plan *s = scan();
    Plan *p1 = project(s, 1, "a", col(s, "status"));
    Plan *p2 = project(p1, 1, "b", call("+", col(p1, "a"), lit(1)));
    Plan *root = project(p2, 1, "c", call("*", col(p2, "b"), lit(2)));
    apply_once("merge_projections", &root);
    expect_plan(root, "Project [c := ((status + 1) * 2)]\n"
                      "  Scan logs [ts, level, status, latency_ms, msg]\n");
}

/* ---- predicate_pushdown -------------------------------------------- */

Test(opt, pushdown_through_project_into_scan)
{
    Plan *s = scan();
    Plan *p = project(s, 2, "st", col(s, "status"), "lvl", call("upper", col(s, "level"), NULL));
    Plan *root = filter(p, and_(call(">=", col(p, "st"), lit(400)),
                                call("=", col(p, "lvl"), text("ERROR"))));
    apply_once("predicate_pushdown", &root);
    expect_plan(root, "Project [st := status, lvl := upper(level)]\n"
                      "  Scan logs [ts, level, status, latency_ms, msg] filter=((status >= 400) AND (upper(level) = 'ERROR'))\n");
}

Test(opt, pushdown_stops_at_volatile_projection)
{
    Plan *s = scan();
    Plan *p = project(s, 3, "now", call("current_timestamp", NULL, NULL), "ts", col(s, "ts"),
                      "st", col(s, "status"));
    Plan *root = filter(p, call(">", col(p, "now"), col(p, "ts")));
    cr_expect_not(apply("predicate_pushdown", &root));
    expect_plan(root, "Filter (now > ts)\n"
                      "  Project [now := current_timestamp, ts, st := status]\n"
                      "    Scan logs [ts, level, status, latency_ms, msg]\n");

    /* A predicate not reading the volatile column moves. */
    root = filter(p, call(">", col(p, "st"), lit(0)));
    apply_once("predicate_pushdown", &root);
    expect_plan(root, "Project [now := current_timestamp, ts, st := status]\n"
                      "  Scan logs [ts, level, status, latency_ms, msg] filter=(status > 0)\n");
}

Test(opt, pushdown_through_explode)
{
    Plan *s = scan();
    Plan *e = explode(s, col(s, "msg"), " ", "word");
    Plan *root = filter(e, call(">", col(e, "status"), lit(1)));
    apply_once("predicate_pushdown", &root);
    expect_plan(root, "Explode word := split(msg, ' ')\n"
                      "  Scan logs [ts, level, status, latency_ms, msg] filter=(status > 1)\n");

    /* On the exploded column it stays above. */
    root = filter(e, call("=", col(e, "word"), text("x")));
    cr_expect_not(apply("predicate_pushdown", &root));
    expect_plan(root, "Filter (word = 'x')\n"
                      "  Explode word := split(msg, ' ')\n"
                      "    Scan logs [ts, level, status, latency_ms, msg] filter=(status > 1)\n");
}

Test(opt, pushdown_ands_with_existing_scan_filter)
{
    Plan *s = scan();
    s->scan.filter = call(">=", col(s, "status"), lit(400));
    Plan *root = limit(filter(s, call("<", col(s, "latency_ms"), lit(5))), 3);
    apply_once("predicate_pushdown", &root);
    expect_plan(root, "Limit 3\n"
                      "  Scan logs [ts, level, status, latency_ms, msg] filter=((status >= 400) AND (latency_ms < 5))\n");
}

Test(opt, pushdown_not_through_limit_but_through_sort)
{
    Plan *s = scan();
    Plan *l = limit(s, 5);
    Plan *root = filter(l, call(">", col(l, "status"), lit(1)));
    cr_expect_not(apply("predicate_pushdown", &root));

    Plan *so = sort1(scan(), "status", false, true);
    root = filter(so, call(">", col(so, "status"), lit(1)));
    apply_once("predicate_pushdown", &root);
    expect_plan(root, "Sort [status]\n"
                      "  Scan logs [ts, level, status, latency_ms, msg] filter=(status > 1)\n");
}

Test(opt, pushdown_key_conjuncts_below_aggregate)
{
    Plan *s = scan();
    AggCall aggs[] = {{AGG_COUNT_STAR, false, NULL, TYPE_INT64}};
    const char *names[] = {"n"};
    Plan *ag = aggregate(s, "lvl", call("upper", col(s, "level"), NULL), 1, aggs, names);
    Plan *root = filter(ag, and_(call(">", col(ag, "n"), lit(2)),
                                 call("=", col(ag, "lvl"), text("ERROR"))));
    apply_once("predicate_pushdown", &root);
    expect_plan(root, "Filter (n > 2)\n"
                      "  Aggregate keys=[lvl := upper(level)] aggs=[n := count(*)]\n"
                      "    Scan logs [ts, level, status, latency_ms, msg] filter=(upper(level) = 'ERROR')\n");

    /* A global aggregate yields a row even for no input: nothing moves. */
    Plan *g = aggregate(scan(), NULL, NULL, 1, aggs, names);
    root = filter(g, call(">", col(g, "n"), lit(2)));
    cr_expect_not(apply("predicate_pushdown", &root));
}

/* ---- projection_pruning -------------------------------------------- */

Test(opt, pruning_sets_needed_mask)
{
    Plan *s = scan();
    Plan *f = filter(s, call(">=", col(s, "status"), lit(400)));
    Plan *root = project(f, 1, "level", col(f, "level"));
    apply_once("projection_pruning", &root);
    expect_needed(bottom(root), "01100");
    expect_plan(root, "Project [level]\n"
                      "  Filter (status >= 400)\n"
                      "    Scan logs [level, status]\n");
}

Test(opt, pruning_counts_scan_filter_and_keeps_root)
{
    Plan *s = scan();
    s->scan.filter = call(">", col(s, "latency_ms"), lit(9));
    AggCall aggs[] = {{AGG_COUNT_STAR, false, NULL, TYPE_INT64}};
    const char *names[] = {"n"};
    Plan *root = aggregate(s, "level", col(s, "level"), 1, aggs, names);
    Schema before = schema_copy(A, &root->schema);
    apply_once("projection_pruning", &root);
    expect_needed(s, "01010");
    expect_same_schema(&root->schema, &before);

    /* Everything needed: the mask stays NULL and nothing fires. */
    Plan *all = scan();
    cr_expect_not(apply("projection_pruning", &all));
    cr_expect_null(all->scan.needed);
}

Test(opt, pruning_drops_inner_projection_outputs)
{
    Plan *s = scan();
    Plan *inner = project(s, 3, "a", col(s, "ts"), "b", call("upper", col(s, "msg"), NULL),
                          "c", col(s, "status"));
    Plan *f = filter(inner, call(">", col(inner, "c"), lit(1)));
    Plan *root = project(f, 1, "out", col(f, "c"));
    apply_once("projection_pruning", &root);
    expect_plan(root, "Project [out := c]\n"
                      "  Filter (c > 1)\n"
                      "    Project [c := status]\n"
                      "      Scan logs [status]\n");
    /* Indices were renumbered: c is now column 0 of the inner project. */
    cr_expect_eq(root->project.exprs[0]->column, 0);
    cr_expect_eq(root->input->filter.pred->args[0]->column, 0);
    cr_expect_eq(root->input->schema.n, 1);
    expect_needed(bottom(root), "00100");
}

Test(opt, pruning_remaps_through_explode_and_sort)
{
    Plan *s = scan();
    Plan *inner = project(s, 3, "lvl", col(s, "level"), "line", col(s, "msg"),
                          "lat", col(s, "latency_ms"));
    Plan *e = explode(inner, col(inner, "line"), " ", "word");
    Plan *so = sort1(e, "word", false, true);
    Plan *root = project(so, 1, "w", col(so, "word"));
    apply_once("projection_pruning", &root);
    expect_plan(root, "Project [w := word]\n"
                      "  Sort [word]\n"
                      "    Explode word := split(line, ' ')\n"
                      "      Project [line := msg]\n"
                      "        Scan logs [msg]\n");
    cr_expect_eq(root->project.exprs[0]->column, 1);
    cr_expect_eq(root->input->sort.keys[0].column, 1);
    cr_expect_eq(root->input->input->explode.text->column, 0);
    cr_expect_eq(root->input->schema.n, 2);
    cr_expect_str_eq(root->input->schema.cols[1].name, "word");
}

Test(opt, pruning_keeps_one_column_for_counting)
{
    Plan *s = scan();
    Plan *inner = project(s, 2, "u", call("upper", col(s, "msg"), NULL), "st", col(s, "status"));
    AggCall aggs[] = {{AGG_COUNT_STAR, false, NULL, TYPE_INT64}};
    const char *names[] = {"n"};
    Plan *root = aggregate(inner, NULL, NULL, 1, aggs, names);
    apply_once("projection_pruning", &root);
    expect_plan(root, "Aggregate keys=[] aggs=[n := count(*)]\n"
                      "  Project [st := status]\n"
                      "    Scan logs [status]\n");
}

/* ---- optimize() ------------------------------------------------------ */

typedef struct Trace {
    StrBuf log;
    int n;
} Trace;

static void record(void *arg, const char *rule, const Plan *root)
{
    Trace *t = arg;
    sb_printf(&t->log, "-- %s\n", rule);
    plan_print(root, &t->log);
    t->n++;
}

Test(opt, optimize_runs_to_fixpoint_with_trace)
{
    Plan *s = scan();
    Plan *p1 = project(s, 3, "lvl", col(s, "level"), "st", col(s, "status"),
                       "lat", col(s, "latency_ms"));
    Plan *f1 = filter(p1, call(">=", col(p1, "st"), call("*", lit(4), lit(100))));
    Plan *f2 = filter(f1, blit(true));
    Plan *f3 = filter(f2, call("<", col(f2, "lat"), lit(50)));
    AggCall aggs[] = {{AGG_AVG, false, col(f3, "lat"), TYPE_DOUBLE}};
    const char *names[] = {"avg_lat"};
    Plan *root = aggregate(f3, "lvl", col(f3, "lvl"), 1, aggs, names);
    Schema before = schema_copy(A, &root->schema);

    Trace t = {STRBUF_INIT, 0};
    root = optimize(A, root, record, &t);
    expect_plan(root, "Aggregate keys=[lvl] aggs=[avg_lat := avg(lat)]\n"
                      "  Project [lvl := level, lat := latency_ms]\n"
                      "    Scan logs [level, status, latency_ms] filter=((status >= 400) AND (latency_ms < 50))\n");
    expect_same_schema(&root->schema, &before);
    expect_needed(bottom(root), "01110");
    cr_expect_str_eq(sb_str(&t.log),
                     "-- constant_folding\n"
                     "Aggregate keys=[lvl] aggs=[avg_lat := avg(lat)]\n"
                     "  Filter (lat < 50)\n"
                     "    Filter (st >= 400)\n"
                     "      Project [lvl := level, st := status, lat := latency_ms]\n"
                     "        Scan logs [ts, level, status, latency_ms, msg]\n"
                     "-- merge_filters\n"
                     "Aggregate keys=[lvl] aggs=[avg_lat := avg(lat)]\n"
                     "  Filter ((st >= 400) AND (lat < 50))\n"
                     "    Project [lvl := level, st := status, lat := latency_ms]\n"
                     "      Scan logs [ts, level, status, latency_ms, msg]\n"
                     "-- predicate_pushdown\n"
                     "Aggregate keys=[lvl] aggs=[avg_lat := avg(lat)]\n"
                     "  Project [lvl := level, st := status, lat := latency_ms]\n"
                     "    Scan logs [ts, level, status, latency_ms, msg] filter=((status >= 400) AND (latency_ms < 50))\n"
                     "-- projection_pruning\n"
                     "Aggregate keys=[lvl] aggs=[avg_lat := avg(lat)]\n"
                     "  Project [lvl := level, lat := latency_ms]\n"
                     "    Scan logs [level, status, latency_ms] filter=((status >= 400) AND (latency_ms < 50))\n",
                     "trace:\n%s", sb_str(&t.log));

    /* Already optimal: a second run fires nothing. */
    int before_n = t.n;
    Plan *again = optimize(A, root, record, &t);
    cr_expect_eq(again, root);
    cr_expect_eq(t.n, before_n);
    sb_free(&t.log);
}

Test(opt, optimize_without_trace_and_simple_select)
{
    Plan *s = scan();
    Plan *root = project(s, 2, "level", col(s, "level"), "status", col(s, "status"));
    root = optimize(A, root, NULL, NULL);
    expect_plan(root, "Project [level, status]\n"
                      "  Scan logs [level, status]\n");

    /* SELECT * keeps every column and changes nothing. */
    Plan *star = scan();
    Trace t = {STRBUF_INIT, 0};
    cr_expect_eq(optimize(A, star, record, &t), star);
    cr_expect_eq(t.n, 0);
    sb_free(&t.log);
}

Test(opt, optimize_merges_projections_and_pushes_through_explode)
{
    /* Word count: SELECT word, count(*) FROM (SELECT explode(...) AS word,
     * status FROM logs) WHERE status = 200 GROUP BY word */
    Plan *s = scan();
    Plan *e = explode(s, col(s, "msg"), " ", "word");
    Plan *p = project(e, 2, "word", col(e, "word"), "status", col(e, "status"));
    Plan *f = filter(p, call("=", col(p, "status"), lit(200)));
    Plan *p2 = project(f, 1, "word", col(f, "word"));
    AggCall aggs[] = {{AGG_COUNT_STAR, false, NULL, TYPE_INT64}};
    const char *names[] = {"count(*)"};
    Plan *root = aggregate(p2, "word", col(p2, "word"), 1, aggs, names);
    root = optimize(A, root, NULL, NULL);
    expect_plan(root, "Aggregate keys=[word] aggs=[count(*)]\n"
                      "  Project [word]\n"
                      "    Explode word := split(msg, ' ')\n"
                      "      Scan logs [status, msg] filter=(status = 200)\n");
    expect_needed(bottom(root), "00101");
}

Test(opt, optimize_keeps_hidden_sort_column_and_pushes_having_on_key)
{
    /* The analyzer's shape for
     *   SELECT level, count(*) AS n FROM logs WHERE status >= 400
     *   GROUP BY level HAVING level <> 'DEBUG' ORDER BY max(latency_ms) LIMIT 3
     * : the ORDER BY column is a hidden output trimmed at the top. */
    Plan *s = scan();
    Plan *w = filter(s, call(">=", col(s, "status"), lit(400)));
    AggCall aggs[] = {{AGG_COUNT_STAR, false, NULL, TYPE_INT64},
                      {AGG_MAX, false, col(w, "latency_ms"), TYPE_INT64}};
    const char *names[] = {"count(*)", "max(latency_ms)"};
    Plan *ag = aggregate(w, "level", col(w, "level"), 2, aggs, names);
    Plan *h = filter(ag, call("<>", col(ag, "level"), text("DEBUG")));
    Plan *p = project(h, 3, "level", col(h, "level"), "n", col(h, "count(*)"),
                      "max(latency_ms)", col(h, "max(latency_ms)"));
    Plan *so = sort1(p, "max(latency_ms)", true, false);
    Plan *li = limit(so, 3);
    Plan *root = project(li, 2, "level", col(li, "level"), "n", col(li, "n"));
    Schema before = schema_copy(A, &root->schema);

    root = optimize(A, root, NULL, NULL);
    expect_plan(root, "Project [level, n]\n"
                      "  Limit 3\n"
                      "    Sort [max(latency_ms) DESC]\n"
                      "      Project [level, n := count(*), max(latency_ms)]\n"
                      "        Aggregate keys=[level] aggs=[count(*), max(latency_ms)]\n"
                      "          Scan logs [level, status, latency_ms] filter=((status >= 400) AND (level <> 'DEBUG'))\n");
    expect_same_schema(&root->schema, &before);
    expect_needed(bottom(root), "01110");
}

Test(opt, pruning_through_filter_over_explode_is_stable)
{
    Plan *s = scan();
    Plan *p = project(s, 3, "id", col(s, "status"), "line", col(s, "msg"), "t", col(s, "ts"));
    Plan *e = explode(p, col(p, "line"), " ", "word");
    Plan *f = filter(e, call("<>", col(e, "word"), text("")));
    Plan *root = project(f, 2, "id", col(f, "id"), "word", col(f, "word"));
    apply_once("projection_pruning", &root);
    expect_plan(root, "Project [id, word]\n"
                      "  Filter (word <> '')\n"
                      "    Explode word := split(line, ' ')\n"
                      "      Project [id := status, line := msg]\n"
                      "        Scan logs [status, msg]\n");
    cr_expect_eq(root->input->filter.pred->args[0]->column, 2);
    cr_expect_eq(root->project.exprs[1]->column, 2);
}

Test(opt, pushdown_moves_a_filter_held_up_by_another)
{
    /* HAVING on a key over WHERE: the WHERE goes into the scan, then the
     * key conjunct follows it in the same firing. */
    Plan *s = scan();
    Plan *w = filter(s, call(">=", col(s, "status"), lit(400)));
    AggCall aggs[] = {{AGG_COUNT_STAR, false, NULL, TYPE_INT64}};
    const char *names[] = {"n"};
    Plan *ag = aggregate(w, "level", col(w, "level"), 1, aggs, names);
    Plan *root = filter(ag, and_(call("<>", col(ag, "level"), text("x")),
                                 call(">", col(ag, "n"), lit(0))));
    apply_once("predicate_pushdown", &root);
    expect_plan(root, "Filter (n > 0)\n"
                      "  Aggregate keys=[level] aggs=[n := count(*)]\n"
                      "    Scan logs [ts, level, status, latency_ms, msg] filter=((status >= 400) AND (level <> 'x'))\n");

    /* Filters stuck on a Limit stay where they are. */
    Plan *l = limit(scan(), 1);
    root = filter(filter(l, call(">", col(l, "status"), lit(1))), call("<", col(l, "status"), lit(9)));
    cr_expect_not(apply("predicate_pushdown", &root));
}
