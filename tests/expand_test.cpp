#include "catch.hpp"

#include <map>
#include <string>

#include "layerlint/expand.hpp"

using namespace layerlint;

namespace {

VariableLookup lookup_in(std::map<std::string, std::string, std::less<>> env) {
  return [env = std::move(env)](std::string_view name) -> std::optional<std::string> {
    const auto it = env.find(name);
    if (it == env.end()) return std::nullopt;
    return it->second;
  };
}

const VariableLookup& standard_env() {
  static const VariableLookup lookup = lookup_in({{"PWD", "/home"},
                                                  {"SHELL", "bash"},
                                                  {"KOREAN", "\xED\x95\x9C\xEA\xB5\xAD\xEC\x96\xB4"},
                                                  {"NULL", ""},
                                                  {"FOO", "xxyy"},
                                                  {"SPACED", "a  b"},
                                                  {"PATHV", "/usr/local/bin/app.tar.gz"},
                                                  {"STARS", "a***yy*"},
                                                  {"URL", "http://example.com/x/y"},
                                                  {"NEEDLE", "\\*/"},
                                                  {"GLOBBY", "/foo*/*/*.txt"},
                                                  {"1", "one"},
                                                  {"DOLLAR0", "$0"}});
  return lookup;
}

struct Case {
  const char* input;
  const char* expected;
  bool ok;
  char escape = '\\';
};

}  // namespace

TEST_CASE("words expand as BuildKit's ProcessWord does", "[expand]") {
  const Case cases[] = {
      // plain text, quotes and escapes
      {"hello", "hello", true},
      {"he'll'o", "hello", true},
      {"he\"ll\"o", "hello", true},
      {"'$PWD'", "$PWD", true},
      {"'a\\b'", "a\\b", true},
      {"\"$PWD\"", "/home", true},
      {"\"a\\\"b\"", "a\"b", true},
      {"\"a\\$PWD\"", "a$PWD", true},
      {"\"a\\\\b\"", "a\\b", true},
      {"\"a\\nb\"", "a\\nb", true},
      {"\"it's\"", "it's", true},
      {"'say \"hi\"'", "say \"hi\"", true},
      {"a\\ b", "a b", true},
      {"\\$PWD", "$PWD", true},
      {"\\'x", "'x", true},
      {"abc\\", "abc", true},
      {"\\\\", "\\", true},
      {"a b  c", "a b  c", true},
      // backtick as the escape character
      {"a`$PWD", "a$PWD", true, '`'},
      {"\"a`\"b\"", "a\"b", true, '`'},
      {"c:\\path\\$PWD", "c:\\path\\/home", true, '`'},
      {"``", "`", true, '`'},
      {"\"`$PWD\"", "$PWD", true, '`'},
      // simple references
      {"$PWD", "/home", true},
      {"${PWD}", "/home", true},
      {"$PWD/x", "/home/x", true},
      {"${PWD}x", "/homex", true},
      {"$PWDx", "", true},
      {"$UNSET", "", true},
      {"${UNSET}", "", true},
      {"$KOREAN", "\xED\x95\x9C\xEA\xB5\xAD\xEC\x96\xB4", true},
      {"x$", "x$", true},
      {"$ x", "$ x", true},
      {"$.x", "$.x", true},
      {"$/", "$/", true},
      {"$1", "one", true},
      {"$12", "", true},
      {"$@", "", true},
      {"$#x", "x", true},
      {"$$", "", true},
      {"a$PWD$SHELL", "a/homebash", true},
      // defaults and alternatives
      {"${UNSET:-def}", "def", true},
      {"${NULL:-def}", "def", true},
      {"${PWD:-def}", "/home", true},
      {"${UNSET-def}", "def", true},
      {"${NULL-def}", "", true},
      {"${UNSET:+alt}", "", true},
      {"${NULL:+alt}", "", true},
      {"${PWD:+alt}", "alt", true},
      {"${UNSET+alt}", "", true},
      {"${NULL+alt}", "alt", true},
      {"${UNSET:-'$PWD'}", "$PWD", true},
      {"${UNSET:-\"a b\"}", "a b", true},
      {"${UNSET:-a\\}b}", "a}b", true},
      {"${UNSET:-}", "", true},
      {"${A:-${B:-c}}", "c", true},
      {"${A:-${PWD:-c}}", "/home", true},
      {"${PWD:+-${SHELL}}", "-bash", true},
      {"${UNSET:-x${PWD}y}", "x/homey", true},
      {"${UNSET:-${UNSET:-${UNSET:-deep}}}", "deep", true},
      // required values
      {"${PWD:?msg}", "/home", true},
      {"${PWD?msg}", "/home", true},
      {"${NULL?msg}", "", true},
      {"${NULL:?msg}", "", false},
      {"${UNSET?msg}", "", false},
      {"${UNSET:?}", "", false},
      {"x${UNSET:?}y", "xy", false},
      // prefix and suffix trimming
      {"${FOO#x}", "xyy", true},
      {"${FOO##x}", "xyy", true},
      {"${FOO#*x}", "xyy", true},
      {"${FOO##*x}", "yy", true},
      {"${FOO#*x*y}", "y", true},
      {"${FOO##*x*y}", "", true},
      {"${FOO#*}", "xxyy", true},
      {"${FOO##*}", "", true},
      {"${FOO#}", "xxyy", true},
      {"${FOO##}", "xxyy", true},
      {"${FOO#z}", "xxyy", true},
      {"${FOO#?}", "xyy", true},
      {"${FOO%y}", "xxy", true},
      {"${FOO%%y*}", "xx", true},
      {"${FOO%y*}", "xxy", true},
      {"${FOO%x*}", "x", true},
      {"${FOO%%x*}", "", true},
      {"${FOO%}", "xxyy", true},
      {"${FOO%%}", "xxyy", true},
      {"${FOO%?}", "xxy", true},
      {"${FOO#$SHELL}", "xxyy", true},
      {"${FOO#$NULL}", "xxyy", true},
      {"${PATHV##*/}", "app.tar.gz", true},
      {"${PATHV#*/}", "usr/local/bin/app.tar.gz", true},
      {"${PATHV%/*}", "/usr/local/bin", true},
      {"${PATHV%%.*}", "/usr/local/bin/app", true},
      {"${PATHV%.*}", "/usr/local/bin/app.tar", true},
      {"${PATHV#/usr/[a-z]}", "/usr/local/bin/app.tar.gz", true},
      {"${STARS%%\\**\\*}", "a", true},
      {"${STARS#a\\*}", "**yy*", true},
      {"${KOREAN#?}", "\xEA\xB5\xAD\xEC\x96\xB4", true},
      {"${KOREAN%?}", "\xED\x95\x9C\xEA\xB5\xAD", true},
      {"${UNSET#x}", "", true},
      {"${FOO#\\x}", "xxyy", false},
      {"${FOO#\"x\"}", "xyy", true},
      // pattern substitution
      {"${FOO/x/z}", "zxyy", true},
      {"${FOO//x/z}", "zzyy", true},
      {"${FOO/x*/z}", "z", true},
      {"${FOO/?/}", "xyy", true},
      {"${FOO//y/}", "xx", true},
      {"${FOO/q/z}", "xxyy", true},
      {"${FOO///}", "xxyy", true},
      {"${FOO/$NULL/ww}", "wwxxyy", true},
      {"${FOO//$NULL/-}", "-x-x-y-y-", true},
      {"${URL/http:\\/\\//https:\\/\\/}", "https:\\/\\/example.com/x/y", true},
      {"${URL//\\//_}", "http:__example.com_x_y", true},
      {"${GLOBBY/$NEEDLE/.} ${GLOBBY//$NEEDLE/.}", "/foo.*/*.txt /foo..*.txt", true},
      {"${FOO/x/<$DOLLAR0>}", "<x>xyy", true},
      {"${FOO//x/$$}", "yy", true},  // `$$` is the special parameter `$`, unset here
      {"${UNSET/x/y}", "", true},
      {"${FOO//ww}", "${FOO//ww}", false},
      {"${FOO//}", "${FOO//}", false},
      // syntax errors keep the failing construct as written
      {"${", "${", false},
      {"a${PWD", "a${PWD", false},
      {"a${PWD:-x", "a${PWD:-x", false},
      {"${}", "${}", false},
      {"${:x}", "${:x}", false},
      {"${{x}}", "${{x}}", false},
      {"x'abc", "x'abc", false},
      {"x\"abc", "x\"abc", false},
      {"\"abc\\", "\"abc\\", false},
      {"$PWD${UNSET:-${x}", "/home${UNSET:-${x}", false},
      // unsupported modifiers
      {"${FOO=aaa}", "", false},
      {"${FOO:=aaa}", "", false},
      {"${FOO.x}", "", false},
      {"a${PWD:}b}c", "ac", false},
  };
  for (const Case& c : cases) {
    CAPTURE(c.input, c.escape);
    const ExpandResult r = expand_word(c.input, standard_env(), c.escape);
    CHECK(r.value == c.expected);
    CHECK(r.ok == c.ok);
    CHECK(r.error.empty() == c.ok);
  }
}

TEST_CASE("expansion errors carry BuildKit's messages", "[expand]") {
  const VariableLookup& env = standard_env();
  CHECK(expand_word("${UNSET?need it$SHELL}", env).error == "UNSET: need itbash");
  CHECK(expand_word("${UNSET:?}", env).error == "UNSET: is not allowed to be unset");
  CHECK(expand_word("${NULL:?}", env).error == "NULL: is not allowed to be empty");
  CHECK(expand_word("${PWD", env).error == "syntax error: missing '}'");
  CHECK(expand_word("${}", env).error == "syntax error: bad substitution");
  CHECK(expand_word("${FOO/x", env).error == "syntax error: missing '/' in ${}");
  CHECK(expand_word("'a", env).error ==
        "unexpected end of statement while looking for matching single-quote");
  CHECK(expand_word("\"a", env).error ==
        "unexpected end of statement while looking for matching double-quote");
  CHECK(expand_word("${FOO=x}", env).error == "unsupported modifier (=) in substitution");
  CHECK(expand_word("${FOO:=x}", env).error == "unsupported modifier (:=) in substitution");
  CHECK(expand_word("${FOO#\\x}", env).error ==
        "invalid pattern (\\x) in substitution: invalid escape '\\x'");
  // The first error is kept.
  CHECK(expand_word("${A:?first}${B:?second}", env).error == "A: first");
}

TEST_CASE("used and unresolved variables are reported in order", "[expand]") {
  using Names = std::vector<std::string>;
  const VariableLookup& env = standard_env();
  struct NamesCase {
    const char* input;
    Names used;
    Names unresolved;
  };
  const NamesCase cases[] = {
      {"x", {}, {}},
      {"x ${UNUSED}", {"UNUSED"}, {"UNUSED"}},
      {"$PWD $SHELL $PWD", {"PWD", "SHELL"}, {}},
      {"$B $A $B", {"B", "A"}, {"B", "A"}},
      {"${FOO-a} ${NULL-b} ${BAZ-c}", {"FOO", "NULL", "BAZ"}, {}},
      {"${BAZ:-$PWD}", {"BAZ", "PWD"}, {}},
      {"${BAZ:-$MISSING}", {"BAZ", "MISSING"}, {"MISSING"}},
      {"${PWD:-$MISSING}", {"PWD", "MISSING"}, {}},
      {"${TV:+-${TV}}", {"TV"}, {}},
      {"${PWD:+-${TV}}", {"PWD", "TV"}, {"TV"}},
      {"${BAZ+x}", {"BAZ"}, {}},
      {"${BAZ?x}", {"BAZ"}, {"BAZ"}},
      {"${BAZ#x}", {"BAZ"}, {"BAZ"}},
      {"${BAZ/x/y}", {"BAZ"}, {"BAZ"}},
      {"${FOO#$PAT}", {"FOO", "PAT"}, {"PAT"}},
      {"${FOO/$P/$R}", {"FOO", "P", "R"}, {"P", "R"}},
      {"'$QUOTED' \"$DQ\"", {"DQ"}, {"DQ"}},
      {"\\$ESCAPED", {}, {}},
      {"$1 $@", {"1", "@"}, {"@"}},
  };
  for (const NamesCase& c : cases) {
    CAPTURE(c.input);
    const ExpandResult r = expand_word(c.input, env);
    CHECK(r.used == c.used);
    CHECK(r.unresolved == c.unresolved);
  }
}

TEST_CASE("a missing lookup treats every variable as unset", "[expand]") {
  const ExpandResult r = expand_word("a${X:-b}$Y", VariableLookup{});
  CHECK(r.value == "ab");
  CHECK(r.ok);
  CHECK(r.unresolved == std::vector<std::string>{"Y"});
}

TEST_CASE("words split on unquoted whitespace after expansion", "[expand]") {
  using Words = std::vector<std::string>;
  const VariableLookup& env = standard_env();
  struct WordsCase {
    const char* input;
    Words expected;
    char escape = '\\';
  };
  const WordsCase cases[] = {
      {"hello", {"hello"}},
      {"  a   b  ", {"a", "b"}},
      {"a\tb\nc", {"a", "b", "c"}},
      {"'a b' c", {"a b", "c"}},
      {"\"a  b\"c d", {"a  bc", "d"}},
      {"a\\ b c", {"a b", "c"}},
      {"a` b c", {"a b", "c"}, '`'},
      {"$SPACED", {"a", "b"}},
      {"\"$SPACED\"", {"a  b"}},
      {"x$SPACED", {"xa", "b"}},
      {"${UNSET:-1 2} 3", {"1", "2", "3"}},
      {"\"\" ''", {}},
      {"a \"\" b", {"a", "b"}},
      {"$NULL", {}},
      {"", {}},
      {"80/tcp 443", {"80/tcp", "443"}},
      {"x ${PWD y", {"x", "${PWD", "y"}},
  };
  for (const WordsCase& c : cases) {
    CAPTURE(c.input);
    CHECK(expand_words(c.input, env, c.escape) == c.expected);
  }
}

TEST_CASE("hostile inputs finish quickly", "[expand][slow]") {
  const VariableLookup env = lookup_in({{"A", std::string(200000, 'a')}, {"E", ""}});

  SECTION("a 10 MB word") {
    std::string word(10u << 20, 'x');
    word += "$A";
    const ExpandResult r = expand_word(word, env);
    CHECK(r.ok);
    CHECK(r.value.size() == (10u << 20) + 200000);
  }
  SECTION("20,000 nested defaults stop at the depth limit") {
    std::string word;
    for (int i = 0; i < 20000; ++i) word += "${E:-";
    word += "x";
    word += std::string(20000, '}');
    const ExpandResult r = expand_word(word, env);
    CHECK_FALSE(r.ok);
    CHECK(r.error == "nesting too deep in substitution");
    CHECK(r.value == word);  // the construct is kept as written
  }
  SECTION("nesting within the limit expands") {
    std::string word;
    for (int i = 0; i < 200; ++i) word += "${E:-";
    word += std::string(1u << 20, 'x');
    word += std::string(200, '}');
    const ExpandResult r = expand_word(word, env);
    CHECK(r.ok);
    CHECK(r.value == std::string(1u << 20, 'x'));
  }
  SECTION("star-heavy patterns against a long value") {
    std::string stars;
    for (int i = 0; i < 5000; ++i) stars += "*a";
    const ExpandResult prefix = expand_word("${A#" + stars + "b}", env);
    CHECK(prefix.value.size() == 200000);
    const ExpandResult longest = expand_word("${A##" + stars + "}", env);
    CHECK(longest.value.empty());
    const ExpandResult suffix = expand_word("${A%%" + stars + "?b}", env);
    CHECK(suffix.value.size() == 200000);
    const ExpandResult shortest = expand_word("${A%" + stars + "}", env);
    CHECK(shortest.value.size() == 200000 - 5000);
    const ExpandResult replaced = expand_word("${A//a?a/b}", env);
    CHECK(replaced.value.size() == 200000 / 3 + 200000 % 3);
    const ExpandResult wild = expand_word("${A/" + std::string(3000, '?') + "b/}", env);
    CHECK(wild.value.size() == 200000);
  }
  SECTION("replacement growth is bounded") {
    const VariableLookup small = lookup_in({{"A", std::string(64, 'a')}});
    std::string word;
    for (int i = 0; i < 10; ++i) word += "${A//a/";
    word += std::string(64, 'a');
    word += std::string(10, '}');
    const ExpandResult r = expand_word(word, small);
    CHECK_FALSE(r.ok);
    CHECK(r.error == "expansion is too large");
  }
}
