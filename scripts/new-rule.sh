#!/usr/bin/env bash
# Writes every piece of a new rule: rules/<ID>_<slug>.cpp and .md, testdata/<ID>/ with a positive and
# a negative fixture, and the rules.def line (kept sorted). The new fixtures fail until the rule's
# check() finds what its positive fixture expects.
#   scripts/new-rule.sh LL1010 secret-in-healthcheck "a secret is passed to a HEALTHCHECK command"
set -euo pipefail
cd "$(dirname "$0")/.."
id=${1:?usage: new-rule.sh ID slug "summary"}
slug=${2:?usage: new-rule.sh ID slug "summary"}
summary=${3:-"TODO: one line, lower-case start, no period"}
[[ "$id" =~ ^LL[0-9]{4}$ ]] || { echo "id must look like LL1234" >&2; exit 2; }
[[ "$slug" =~ ^[a-z0-9]+(-[a-z0-9]+)*$ ]] || { echo "slug must be kebab-case" >&2; exit 2; }
stem="${id}_${slug//-/_}"
[[ -e "rules/$stem.cpp" ]] && { echo "rules/$stem.cpp exists" >&2; exit 2; }
grep -q "LAYERLINT_RULE($id)" rules/rules.def && { echo "$id is already in rules.def" >&2; exit 2; }
class=$(echo "$slug" | sed -E 's/(^|-)([a-z0-9])/\U\2/g')

cat > "rules/$stem.cpp" <<CPP
// $id $slug: $summary.
#include <fmt/format.h>

#include "layerlint/model.hpp"
#include "layerlint/rule.hpp"
#include "rules_all.hpp"

namespace layerlint {
namespace {

class $class final : public Rule {
 public:
  const RuleInfo& info() const override {
    static const RuleInfo k_info{"$id", "$slug", Severity::Warning, "$summary", "security", 5.0, "$stem.md"};
    return k_info;
  }

  void check(const BuildModel& model, std::vector<Finding>& out) const override {
    (void)model;
    (void)out;  // look at the model, then out.push_back(make_finding(range, "what is wrong"));
  }
};

}  // namespace

const Rule& rule_$id() {
  static const $class k_rule;
  return k_rule;
}

}  // namespace layerlint
CPP

cat > "rules/$stem.md" <<MD
# $id $slug

## What it does
$summary.

## Why is this bad?
TODO

## Example
\`\`\`dockerfile
FROM alpine
\`\`\`

## Use instead
\`\`\`dockerfile
FROM alpine
\`\`\`

## Fix
TODO
MD

mkdir -p "testdata/$id"
cat > "testdata/$id/fires.Dockerfile" <<DF
# TODO: the smallest Dockerfile where $id must fire.
FROM alpine
# expect: $id col=1 msg~"TODO"
RUN true
DF
cat > "testdata/$id/clean.Dockerfile" <<DF
# TODO: a close look-alike where $id must stay quiet.
FROM alpine
RUN true
DF

# Insert the rules.def line in id order.
python3 - "$id" <<'PY'
import sys
id = sys.argv[1]
path = "rules/rules.def"
lines = open(path).read().splitlines()
header = [l for l in lines if not l.startswith("LAYERLINT_RULE(")]
rules = [l for l in lines if l.startswith("LAYERLINT_RULE(")] + [f"LAYERLINT_RULE({id})"]
open(path, "w").write("\n".join(header + sorted(rules)) + "\n")
PY
echo "wrote rules/$stem.cpp rules/$stem.md testdata/$id/ and the rules.def line"
