#include "catch.hpp"

#include <cstdint>
#include <random>
#include <string>
#include <vector>

#include "layerlint/shell.hpp"

using namespace layerlint;

namespace {

std::string show(const std::string& v) {
  if (!v.empty() && v.find(' ') == std::string::npos) return v;
  return "'" + v + "'";
}

const char* separator_text(Separator s) {
  switch (s) {
    case Separator::None: return "";
    case Separator::And: return " &&";
    case Separator::Or: return " ||";
    case Separator::Semicolon: return " ;";
    case Separator::Pipe: return " |";
    case Separator::Newline: return " NL";
    case Separator::Background: return " &";
  }
  return "?";
}

// One line per command: "^depth " when nested, assignments "A:x=1", words by value, redirects
// "R:op:target", then the separator.
std::vector<std::string> dump(const ShellScript& s) {
  std::vector<std::string> out;
  for (const SimpleCommand& c : s.commands) {
    std::string line;
    if (c.depth > 0) line += "^" + std::to_string(c.depth);
    for (const ShellWord& w : c.assignments)
      line += (line.empty() ? "" : " ") + std::string("A:") + show(w.value);
    for (const ShellWord& w : c.words) line += (line.empty() ? "" : " ") + show(w.value);
    for (const Redirect& r : c.redirects)
      line += std::string(line.empty() ? "" : " ") + "R:" + r.op + ":" + show(r.target.value);
    line += separator_text(c.separator);
    out.push_back(line);
  }
  return out;
}

}  // namespace

struct SplitCase {
  const char* text;
  std::vector<std::string> expected;
};

TEST_CASE("commands are split on operators and compound commands are flattened", "[shell]") {
  const std::vector<SplitCase> cases = {
      {"set -eux; apt-get update; apt-get install -y --no-install-recommends ca-certificates; "
       "rm -rf /var/lib/apt/lists/*",
       {"set -eux ;", "apt-get update ;", "apt-get install -y --no-install-recommends ca-certificates ;",
        "rm -rf /var/lib/apt/lists/*"}},
      {"echo \"//registry.npmjs.org/:_authToken=${NPM_TOKEN}\" > ~/.npmrc && npm ci && rm -f ~/.npmrc",
       {"echo //registry.npmjs.org/:_authToken=${NPM_TOKEN} R:>:~/.npmrc &&", "npm ci &&", "rm -f ~/.npmrc"}},
      {"curl -fsSL -u \"$USER:$PASS\" https://x/y -o /tmp/y",
       {"curl -fsSL -u $USER:$PASS https://x/y -o /tmp/y"}},
      {"export GNUPGHOME=\"$(mktemp -d)\"; gpg --batch --keyserver hkps://keys.openpgp.org --recv-keys "
       "\"$GPG_KEY\"",
       {"^1 mktemp -d", "export 'GNUPGHOME=$(mktemp -d)' ;",
        "gpg --batch --keyserver hkps://keys.openpgp.org --recv-keys $GPG_KEY"}},
      {"for key in $KEYS; do gpg --recv-keys \"$key\" || exit 1; done",
       {"gpg --recv-keys $key ||", "exit 1 ;"}},
      {"if [ -n \"$TOKEN\" ]; then echo \"$TOKEN\" | docker login -u x --password-stdin; fi",
       {"[ -n $TOKEN ] ;", "echo $TOKEN |", "docker login -u x --password-stdin ;"}},
      {"a || b | c |& d & e\nf", {"a ||", "b |", "c |", "d &", "e NL", "f"}},
      {"while read -r l; do echo \"$l\"; done < list; until false; do :; done",
       {"read -r l ;", "echo $l ;", "R:<:list ;", "false ;", ": ;"}},
      {"if a; then b; elif c; then d; else e; fi", {"a ;", "b ;", "c ;", "d ;", "e ;"}},
      {"case \"$1\" in a|b) echo a;; (*) rm x ;; esac; z", {"echo a ;", "rm x ;", "z"}},
      {"f() { rm -f x; }; function g { id; }; function h() { true; }", {"rm -f x ;", "id ;", "true ;"}},
      {"(cd /src && make) && { a; b; } ; ! grep x y", {"cd /src &&", "make", "a ;", "b ;", "grep x y"}},
      {"[[ -n \"$X\" && $Y > 3 ]] && z", {"[[ -n $X && $Y > 3 ]] &&", "z"}},
      {"for ((i=0; i<3; i++)); do echo $i; done", {"echo $i ;"}},
      {"for x\ndo echo $x; done", {"echo $x ;"}},
      {"echo if then fi; then=1 if", {"echo if then fi ;", "A:then=1 if"}},
      {"A=1 B=\"x y\" cmd C=3; X=1; arr=(1 \"2 3\") go",
       {"A:A=1 A:'B=x y' cmd C=3 ;", "A:X=1 ;", "A:'arr=(1 \"2 3\")' go"}},
      {"echo a # comment; rm x\necho b", {"echo a NL", "echo b"}},
      {"apt-get install \\\n  curl \\\n  git", {"apt-get install curl git"}},
      {"echo $(echo $(id -u)) `date`",
       {"^2 id -u", "^1 echo '$(id -u)'", "^1 date", "echo '$(echo $(id -u))' `date`"}},
      {"x=$(case $a in b) echo c;; esac)", {"^1 echo c ;", "A:'x=$(case $a in b) echo c;; esac)'"}},
      {"echo $((1 + (2 * 3))) $(( $(id -u) + 1 ))",
       {"^1 id -u", "echo '$((1 + (2 * 3)))' '$(( $(id -u) + 1 ))'"}},
      {"", {}},
      {";;", {}},
  };
  for (const SplitCase& c : cases) {
    INFO(c.text);
    const ShellScript s = parse_shell(c.text);
    CHECK(dump(s) == c.expected);
    CHECK(s.errors.empty());
  }
}

TEST_CASE("words keep raw text, unquoted value and byte offsets", "[shell]") {
  struct W {
    std::string raw, value;
    uint32_t begin, end;
    bool quoted, substitution;
  };
  const std::string text =
      "echo \"$HOME/.npmrc\" 'a b'c a\\ b $'x\\ty' \"q\\\"\\$\\`\\\\\\n\" \"$(id)\" `id` pl\\\nain";
  const ShellScript s = parse_shell(text);
  REQUIRE(s.errors.empty());
  REQUIRE(s.commands.size() == 3);
  const SimpleCommand& c = s.commands[2];
  const std::vector<W> expected = {
      {"echo", "echo", 0, 4, false, false},
      {"\"$HOME/.npmrc\"", "$HOME/.npmrc", 5, 19, true, false},
      {"'a b'c", "a bc", 20, 26, true, false},
      {"a\\ b", "a b", 27, 31, true, false},
      {"$'x\\ty'", "x\ty", 32, 39, true, false},
      {"\"q\\\"\\$\\`\\\\\\n\"", "q\"$`\\\\n", 40, 53, true, false},
      {"\"$(id)\"", "$(id)", 54, 61, true, true},
      {"`id`", "`id`", 62, 66, false, true},
      {"pl\\\nain", "plain", 67, 74, false, false},
  };
  REQUIRE(c.words.size() == expected.size());
  for (size_t i = 0; i < expected.size(); ++i) {
    INFO(i);
    CHECK(c.words[i].raw == expected[i].raw);
    CHECK(c.words[i].value == expected[i].value);
    CHECK(c.words[i].begin == expected[i].begin);
    CHECK(c.words[i].end == expected[i].end);
    CHECK(c.words[i].quoted == expected[i].quoted);
    CHECK(c.words[i].has_substitution == expected[i].substitution);
    CHECK(text.substr(c.words[i].begin, c.words[i].end - c.words[i].begin) == expected[i].raw);
  }
  CHECK(c.begin == 0);
  CHECK(c.end == 74);
  // The substitutions' commands point into the same text.
  CHECK(s.commands[0].words[0].begin == 57);
  CHECK(s.commands[0].depth == 1);
  CHECK(s.commands[1].words[0].begin == 63);
  CHECK(s.commands[1].depth == 1);
}

TEST_CASE("variable references are recorded with their offsets", "[shell]") {
  struct V {
    std::string name;
    uint32_t begin, end;
  };
  struct Case {
    const char* text;
    std::vector<V> vars;
  };
  const std::vector<Case> cases = {
      {"x $NPM_TOKEN", {{"NPM_TOKEN", 2, 12}}},
      {"x ${NPM_TOKEN}", {{"NPM_TOKEN", 2, 14}}},
      {"x \"${TOKEN:-none}\"", {{"TOKEN", 3, 17}}},
      {"x ${A:-$B}", {{"A", 2, 10}, {"B", 7, 9}}},
      {"x ${#PASS} ${!REF} ${P%%/*} ${P/a/b} ${P:?err} ${10}",
       {{"PASS", 2, 10}, {"REF", 11, 18}, {"P", 19, 27}, {"P", 28, 36}, {"P", 37, 46}, {"10", 47, 52}}},
      {"x $1 $@ $? $$ $# $10",
       {{"1", 2, 4}, {"@", 5, 7}, {"?", 8, 10}, {"$", 11, 13}, {"#", 14, 16}, {"1", 17, 19}}},
      {"x '$NOT' \\$NOT \"\\$NOT\" $", {}},
      {"x $((A + $B))", {{"B", 9, 11}}},
      {"x \"$USER:$PASS\"@host", {{"USER", 3, 8}, {"PASS", 9, 14}}},
  };
  for (const Case& c : cases) {
    INFO(c.text);
    const ShellScript s = parse_shell(c.text);
    REQUIRE(s.commands.size() == 1);
    REQUIRE(s.commands[0].words.size() >= 2);
    std::vector<VarRef> got;
    for (size_t i = 1; i < s.commands[0].words.size(); ++i) {
      for (const VarRef& v : s.commands[0].words[i].vars) got.push_back(v);
    }
    REQUIRE(got.size() == c.vars.size());
    for (size_t i = 0; i < got.size(); ++i) {
      CHECK(got[i].name == c.vars[i].name);
      CHECK(got[i].begin == c.vars[i].begin);
      CHECK(got[i].end == c.vars[i].end);
    }
  }
}

TEST_CASE("redirects carry operator, descriptor and positioned target", "[shell]") {
  struct R {
    std::string op;
    int fd;
    std::string target;
    uint32_t begin, end;
    std::string base;
    bool writes;
  };
  const std::string text = "cmd > a >> b < c 2> d 2>>e &> f &>> g >&2 2>&1 >| h <> i <<< \"$PW\" 3<&0 10>j";
  const ShellScript s = parse_shell(text);
  REQUIRE(s.errors.empty());
  REQUIRE(s.commands.size() == 1);
  const std::vector<R> expected = {
      {">", -1, "a", 4, 7, ">", true},       {">>", -1, "b", 8, 12, ">>", true},
      {"<", -1, "c", 13, 16, "<", false},    {"2>", 2, "d", 17, 21, ">", true},
      {"2>>", 2, "e", 22, 26, ">>", true},   {"&>", -1, "f", 27, 31, "&>", true},
      {"&>>", -1, "g", 32, 37, "&>>", true}, {">&", -1, "2", 38, 41, ">&", false},
      {"2>&", 2, "1", 42, 46, ">&", false},  {">|", -1, "h", 47, 51, ">|", true},
      {"<>", -1, "i", 52, 56, "<>", true},   {"<<<", -1, "$PW", 57, 66, "<<<", false},
      {"3<&", 3, "0", 67, 71, "<&", false},  {"10>", 10, "j", 72, 76, ">", true},
  };
  const SimpleCommand& c = s.commands[0];
  REQUIRE(c.words.size() == 1);
  REQUIRE(c.redirects.size() == expected.size());
  for (size_t i = 0; i < expected.size(); ++i) {
    INFO(i);
    const Redirect& r = c.redirects[i];
    CHECK(r.op == expected[i].op);
    CHECK(r.fd == expected[i].fd);
    CHECK(r.target.value == expected[i].target);
    CHECK(r.begin == expected[i].begin);
    CHECK(r.end == expected[i].end);
    CHECK(r.target.end == expected[i].end);
    CHECK(r.base_op() == expected[i].base);
    CHECK(r.writes_file() == expected[i].writes);
  }
  CHECK(c.redirects[11].target.vars.size() == 1);
  CHECK(c.end == 76);
}

TEST_CASE("heredoc bodies are skipped and attached to their redirect", "[shell]") {
  const std::string text =
      "cat <<EOF > /etc/x.conf\nline $VAR\nEOF\necho done\ncat <<-'END' <<X\n\tkeep $NOT\n\tEND\nx\nX\n";
  const ShellScript s = parse_shell(text);
  REQUIRE(s.errors.empty());
  CHECK(dump(s) == std::vector<std::string>{"cat R:<<:EOF R:>:/etc/x.conf NL", "echo done NL",
                                            "cat R:<<-:END R:<<:X NL"});
  const Redirect& first = s.commands[0].redirects[0];
  CHECK(first.is_heredoc());
  CHECK(first.target.begin == 6);
  CHECK(first.target.end == 9);
  CHECK(first.heredoc_body == "line $VAR\n");
  CHECK(first.heredoc_begin == 24);
  CHECK(first.heredoc_end == 34);
  CHECK(first.heredoc_expand);
  CHECK(first.heredoc_terminated);
  REQUIRE(first.heredoc_vars.size() == 1);
  CHECK(first.heredoc_vars[0].name == "VAR");
  CHECK(first.heredoc_vars[0].begin == 29);
  CHECK(first.heredoc_vars[0].end == 33);
  const Redirect& quoted = s.commands[2].redirects[0];
  CHECK(quoted.target.value == "END");
  CHECK(quoted.heredoc_body == "keep $NOT\n");
  CHECK_FALSE(quoted.heredoc_expand);
  CHECK(quoted.heredoc_vars.empty());
  CHECK(s.commands[2].redirects[1].heredoc_body == "x\n");

  const ShellScript open = parse_shell("cat <<EOF\nno end\n");
  REQUIRE(open.errors.size() == 1);
  CHECK(open.errors[0].begin == 10);
  CHECK_FALSE(open.commands[0].redirects[0].heredoc_terminated);
  CHECK(open.commands[0].redirects[0].heredoc_body == "no end\n");
}

TEST_CASE("malformed input is reported and still split", "[shell]") {
  struct E {
    const char* text;
    std::vector<std::string> commands;
    std::string message;
    uint32_t begin, end;
  };
  const std::vector<E> cases = {
      {"echo 'abc; rm x", {"echo 'abc; rm x'"}, "unterminated single quote", 5, 15},
      {"echo \"abc; rm x", {"echo 'abc; rm x'"}, "unterminated double quote", 5, 15},
      {"echo $(ls; rm x",
       {"^1 ls ;", "^1 rm x", "echo '$(ls; rm x'"},
       "unterminated command substitution",
       5,
       15},
      {"echo `ls", {"^1 ls", "echo `ls"}, "unterminated backquote", 5, 8},
      {"echo ${X:-a", {"echo ${X:-a"}, "unterminated parameter expansion", 5, 11},
      {"a ) b", {"a", "b"}, "unbalanced ')'", 2, 3},
      {"echo > ; b", {"echo R:>:'' ;", "b"}, "missing redirect target", 5, 6},
  };
  for (const E& c : cases) {
    INFO(c.text);
    const ShellScript s = parse_shell(c.text);
    CHECK(dump(s) == c.commands);
    REQUIRE_FALSE(s.errors.empty());
    CHECK(s.errors[0].message == c.message);
    CHECK(s.errors[0].begin == c.begin);
    CHECK(s.errors[0].end == c.end);
  }
}

TEST_CASE("pipelines share an index and substitutions raise depth", "[shell]") {
  const ShellScript s = parse_shell("a | b && c | x=$(d | e) f ; g");
  CHECK(dump(s) ==
        std::vector<std::string>{"a |", "b &&", "c |", "^1 d |", "^1 e", "A:'x=$(d | e)' f ;", "g"});
  REQUIRE(s.commands.size() == 7);
  CHECK(s.commands[0].pipeline == s.commands[1].pipeline);
  CHECK(s.commands[2].pipeline == s.commands[5].pipeline);
  CHECK(s.commands[3].pipeline == s.commands[4].pipeline);
  CHECK(s.commands[1].pipeline != s.commands[2].pipeline);
  CHECK(s.commands[3].pipeline != s.commands[2].pipeline);
  CHECK(s.commands[6].pipeline != s.commands[5].pipeline);
  CHECK(s.commands[5].assignments.size() == 1);
  CHECK(s.commands[5].name() == "f");
  CHECK(s.commands[5].begin == 13);
  CHECK(s.commands[5].end == 25);
}

TEST_CASE("redirects after a compound command point back to its first command", "[shell]") {
  struct Case {
    std::string text;
    size_t redirects;  // index of the redirect-only command
    uint32_t group;    // the compound's first command
  };
  const std::vector<Case> cases = {
      {"{ echo a; echo b; } > f && npm ci", 2, 0},
      {"x=1; (echo a) > f", 2, 1},
      {"true; if a; then b; fi >> f", 3, 1},
      {"for i in 1 2; do echo $i; done > f", 1, 0},
      {"while read l; do echo $l; done < in > f", 2, 0},
      {"case $x in a) echo a;; esac > f", 1, 0},
      {"echo $(cat s) | { read t; echo x; } > f", 4, 2},
  };
  for (const Case& c : cases) {
    INFO(c.text);
    const ShellScript s = parse_shell(c.text);
    REQUIRE(s.commands.size() > c.redirects);
    const SimpleCommand& r = s.commands[c.redirects];
    CHECK(r.words.empty());
    CHECK_FALSE(r.redirects.empty());
    CHECK(r.group_begin == c.group);
    for (size_t k = 0; k < s.commands.size(); ++k) {
      if (k != c.redirects) CHECK(s.commands[k].group_begin == UINT32_MAX);
    }
  }
  // Nested: each redirect belongs to its own compound.
  const ShellScript nested = parse_shell("{ { echo a; } > in; echo b; } > out");
  REQUIRE(nested.commands.size() == 4);
  CHECK(nested.commands[1].group_begin == 0);
  CHECK(nested.commands[3].group_begin == 0);
  // A redirect on an ordinary command is not a compound's.
  CHECK(parse_shell("echo a > f").commands.at(0).group_begin == UINT32_MAX);
  CHECK(parse_shell("{ echo a; }; > f").commands.at(1).group_begin == UINT32_MAX);
}

TEST_CASE("arbitrary bytes never crash the tokenizer", "[shell]") {
  std::mt19937 rng(1234);
  const std::string alphabet = std::string("ab $(){}`'\"\\;&|<>\n#=!\t-0123") + '\0' + "\xff\xc3";
  size_t total = 0;
  for (int round = 0; round < 2000; ++round) {
    std::string text;
    const size_t n = rng() % 64;
    for (size_t i = 0; i < n; ++i) text += alphabet[rng() % alphabet.size()];
    const ShellScript s = parse_shell(text);
    for (const SimpleCommand& c : s.commands) {
      CHECK(c.begin <= c.end);
      CHECK(c.end <= text.size());
      for (const ShellWord& w : c.words) CHECK(w.end <= text.size());
    }
    total += s.commands.size();
  }
  CHECK(total > 0);
}

TEST_CASE("large and deeply nested input is handled", "[shell][slow]") {
  {
    std::string text = "echo \"" + std::string(10 * 1024 * 1024, 'a') + "$X\" done";
    const ShellScript s = parse_shell(text);
    REQUIRE(s.commands.size() == 1);
    REQUIRE(s.commands[0].words.size() == 3);
    CHECK(s.commands[0].words[1].value.size() == 10 * 1024 * 1024 + 2);
    CHECK(s.commands[0].words[1].vars.size() == 1);
  }
  {
    std::string text;
    for (int i = 0; i < 200000; ++i) text += "true && ";
    text += "end";
    const ShellScript s = parse_shell(text);
    REQUIRE(s.commands.size() == 200001);
    CHECK(s.commands[199999].separator == Separator::And);
    CHECK(s.commands[200000].name() == "end");
  }
  constexpr int k_depth = 20000;
  {
    std::string text;
    for (int i = 0; i < k_depth; ++i) text += "echo $(";
    text += "id";
    text += std::string(k_depth, ')');
    const ShellScript s = parse_shell(text);
    CHECK(s.errors.empty());
    REQUIRE(s.commands.size() == k_depth + 1);
    CHECK(s.commands.front().name() == "id");
    CHECK(s.commands.front().depth == k_depth);
    CHECK(s.commands.back().depth == 0);
    CHECK(s.commands.back().words[1].raw == "$(…)");
  }
  {
    std::string text;
    for (int i = 0; i < k_depth; ++i) text += "echo \"$(";
    text += "id";
    for (int i = 0; i < k_depth; ++i) text += ")\"";
    const ShellScript s = parse_shell(text);
    CHECK(s.errors.empty());
    REQUIRE(s.commands.size() == k_depth + 1);
    CHECK(s.commands.front().depth == k_depth);
    CHECK(s.commands.back().words[1].quoted);
  }
  {
    std::string text;
    for (int i = 0; i < k_depth; ++i) text += "$(\"${A:-";
    const ShellScript s = parse_shell(text);  // unterminated all the way down
    CHECK(s.errors.size() == 3 * k_depth);
  }
}
