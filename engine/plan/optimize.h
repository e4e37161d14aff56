/* optimize — rule-based rewrites of the logical plan.
 *
 * Each rule is a function that rewrites the tree in place and says
 * whether it fired. The optimizer runs the rules in a fixed order until
 * nothing changes (bounded), and reports every firing to a callback so
 * EXPLAIN can print the rule and the plan after it.
 *
 * Rules: constant folding and boolean simplification; merging adjacent
 * filters; merging adjacent projections; predicate pushdown through
 * projections (and explode, for predicates not on the exploded column)
 * into the scan; projection pruning down into the scan, so readers do not
 * materialize columns nobody uses. No rule changes a query's result. */
#ifndef SLUICE_OPTIMIZE_H
#define SLUICE_OPTIMIZE_H

#include <stdbool.h>

#include "engine/base/arena.h"
#include "plan.h"

typedef bool (*OptRuleFn)(Arena *a, Plan **root);

typedef struct OptRule {
    const char *name;        /* "constant_folding", "predicate_pushdown", ... */
    OptRuleFn fn;
} OptRule;

/* The rules, in the order they are tried (NULL-terminated by name). */
extern const OptRule optimize_rules[];

/* Called after each rule that fired, with the plan as it now is. */
typedef void (*OptTrace)(void *arg, const char *rule, const Plan *root);

/* Rewrite *root with every rule; returns the optimized root. */
Plan *optimize(Arena *a, Plan *root, OptTrace trace, void *trace_arg);

#endif
