// Token formats by their shape alone, provider checksums, entropy floors, placeholder pairs,
// well-known credential names and the message scrubber's token boundaries.
#include "catch.hpp"

#include <cmath>

#include <string>
#include <vector>

#include "layerlint/lint.hpp"
#include "layerlint/secrets.hpp"
#include "secrets/secret_data.hpp"

using namespace layerlint;

namespace {

std::vector<std::string> kinds_in(std::string_view text) {
  std::vector<std::string> kinds;
  for (const ValueMatch& m : find_secret_values(text)) kinds.push_back(m.kind);
  return kinds;
}

}  // namespace

TEST_CASE("token formats are recognised under a neutral name", "[secrets][formats]") {
  struct Case {
    std::string token;
    std::string kind;
  };
  const Case cases[] = {
      {"glrt-OlC87Q-sexwkcVNVAc-h", "gitlab-token"},
      {"gldt-kSIc47WQAmL9xVQ2zg4m", "gitlab-token"},
      {"dop_v1_aabfe228f219e9cb0eb53f16947ccf25ec84d8dbc74254770f58904dba41eccc", "digitalocean-token"},
      {"hvs.oDzp7O8QuKEh6D0JCk39QmJWikyFE_xzzdAIDhXzK2QkI3cBXkLjSgSOUpTP-j33ZyXOivikASDTyPhQz0ziAFnPzMtgBox",
       "vault-token"},
      {"LTAIPly5kAA819bvTpf9dqcU", "alibaba-access-key-id"},
      {"HRKU-AAgxM9ZZ810pkf6Xlx8RtCqtD1GDIWFmbKGYQr83wlMvTgbqvXQqwuW8Y9XW", "heroku-api-key"},
      {"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", "perplexity-api-key"},
      {"rubygems_68ef786e4d3cea27d26934b484e73cf575dcad6ba2b0aee0", "rubygems-token"},
      {"OLX8Q~dIWz47woEu65GH2vnBHm8qRswhqyGP9YwW", "azure-ad-client-secret"},
      {"PMAK-fa2815d2802827283e0ad841-73581569969e58b081006f7e3dfc967a64", "postman-api-key"},
      {"sk_test_PM3r804eluGRA35grOtWgIcFiI2TBAHS0GNzLZKF", "stripe-secret-key"},
      {"dapi196b50ac2f86702824c1c099724caf49", "databricks-token"},
      {"kdf92qrjvWeRki.atlasv1.pW8wXmWarqp1qhbpvjhzifE5128eNz6OrSZ3e1eYhFVG0Tp4lxWvY5gX4llUGp4sGF",
       "terraform-cloud-token"},
      {"s.ZC9Ecf4M5g9o34Q6RkzGsj0z", "vault-token"},
      {"ATATT3xFfGF0K3irG5tKKi-6u-wwaXQFeGwZ-IHR-hQ3CulkKtMSuteRQFfLZ6jihHThzZCg_UjnDt-4Wl_"
       "gIRf4zrZJs5JqaeuBhsfJ4W5"
       "GD6yGg3W7903gbvaxZPBjxIQQ7BgFDSkPS8oPispw4KLz56mdK-G6CIvLO6hHRrZHY0Q3tvJ6JxE=C63992E6",
       "atlassian-api-token"},
      {"ATCTT3xFfGN0oUZePD0_"
       "uoPwzYWUnb4fi4F6sB4osDPw4A5AzSs1wVIJlhZ7ddVUFodBtx9gYbz4X6oHgOoC8OrBgJUCJjIIvddxoQnJaTGB"
       "LXQ0SZ1-Ci1JmzKCsdA9wGjHbrirCmviG3xgJjqDrXaWv4hxL48zpmKo2hkXihVMAq-IxpAVUR4=AA10B899",
       "atlassian-access-token"},
      {"sgp_AaD80dc6E02eCAE1_d3cba16CC0F18fA14A2EFB61CbDFceEBf9fAD16b", "sourcegraph-token"},
      {"sgp_local_d3cba16CC0F18fA14A2EFB61CbDFceEBf9fAD16b", "sourcegraph-token"},
      {"sgp_d3cba16CC0F18fA14A2EFB61CbDFceEBf9fAD16b", "sourcegraph-token"},
      {"sgd_9139f01aec0da95956bc6791f6f32ae27ea949237ecc6e91ea6c3ea0e8de5e7a", "sourcegraph-service-token"},
  };
  for (const Case& c : cases) {
    const std::string text = "ENV CONFIG_VALUE=" + c.token + "\n";
    INFO(c.token);
    const std::vector<ValueMatch> found = find_secret_values(text);
    REQUIRE(found.size() == 1);
    CHECK(found[0].kind == c.kind);
    CHECK(text.substr(found[0].begin, found[0].end - found[0].begin) == c.token);
  }
}

TEST_CASE("a legacy Vault token stands alone as a value", "[secrets][formats]") {
  const std::string token = "s.9j6cSlPOBpGkqOX7IZrJBref";
  const std::string found_in[] = {
      token,
      "'" + token + "'",
      "VAULT_TOKEN=" + token,
      "X-Vault-Token: " + token,
      "vault login " + token + " && vault kv get secret/app",
      "{\"token\":\"" + token + "\"}",
      "echo {\\\"token\\\":\\\"" + token + "\\\"}",
      "export VAULT_TOKEN=" + token + "; vault kv get secret/app",
      "token: " + token + "\nttl: 1h\n",
  };
  for (const std::string& text : found_in) {
    INFO(text);
    const std::vector<ValueMatch> found = find_secret_values(text);
    REQUIRE(found.size() == 1);
    CHECK(found[0].kind == "vault-token");
    CHECK(text.substr(found[0].begin, found[0].end - found[0].begin) == token);
  }
  // Code and minified text: `s.` and 24 letters without a digit is a name, and a token-shaped
  // member that does not stand alone (`a=s.…;b`, `f(s.…)`, `x.s.…`) is code.
  const std::string clean[] = {
      "s.AcceptanceTimeoutSeconds",
      "s.makeKubeConfigController = args",
      "s.THISSTRINGISALLUPPERCASE",
      "s.thisstringisalllowercase",
      "s.xxxxxxxxxxxxxxxxxxxxxxxx",
      "a=" + token + ";b=1",
      "f(" + token + ")",
      "x." + token,
      token + "X",
      "s.9J6CSLPOBPGKQOX7IZRJBREF",
  };
  for (const std::string& text : clean) {
    INFO(text);
    CHECK(find_secret_values(text).empty());
  }
}

TEST_CASE("GitHub and npm checksums", "[secrets][formats]") {
  CHECK(secrets::crc32_base62_checksum_holds("Ky9Pf34qY6Nb3wWD25RQ4F5ZR3qa7y3gm1IL"));
  CHECK(secrets::crc32_base62_checksum_holds("Eeeby3abP3E2Zs8IQ9Y7aJZqhB6bae2dTjzx"));
  CHECK_FALSE(secrets::crc32_base62_checksum_holds("Ky9Pf34qY6Nb3wWD25RQ4F5ZR3qa7y3gm1IM"));
  CHECK_FALSE(secrets::crc32_base62_checksum_holds("short"));
  // A checksum that holds makes a token of it even where it looks made up; a failing one with no
  // entropy is a placeholder.
  CHECK(kinds_in("T=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") == std::vector<std::string>{"github-token"});
  CHECK(kinds_in("T=ghp_aaaaaaaaaaaaaaaaaaaaaaaaaaaaaa1yLcDC").empty());
  CHECK(kinds_in("T=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") == std::vector<std::string>{"npm-token"});
}

TEST_CASE("entropy floors and shapes keep placeholders out", "[secrets][formats]") {
  const char* clean[] = {
      "API_KEY=glc_111111111111111111111111111111111111111111=",
      "xoxb-xxxxxxxxx-xxxxxxxxxx-xxxxxxxxxxxx",
      "xoxe.xoxp-1-initial",
      "\"token4\": \"xoxp-572370529330-573807301142-572331691188-####################\"",
      "-----BEGIN PRIVATE KEY-----\nanything\n-----END PRIVATE KEY-----",
      "-----BEGIN OPENSSH PRIVATE KEY----------END OPENSSH PRIVATE KEY-----",
      "http://assets.example.com/media/video_box.ico-7a388b69018576d24b59331fd60aab0c.png",
      "sntryu_4513809e88e080c340f3466b057afc79a664003866ea6bd1f0d0966a6cab48f27",
      "sk-ant-api03-abc123xyz-456def789ghij-klmnopqrstuvwx-3456yza789bcde-1234fghijklmnopby56aaaogaopaaaabc",
      "AIzaSyDMAScliyLx7F0NPDEJi1QmyCgHIAODrlU",  // Firebase's documented sample key
      "s.AcceptanceTimeoutSeconds",
  };
  for (const char* text : clean) {
    INFO(text);
    CHECK(find_secret_values(text).empty());
  }
  CHECK(secrets::shannon_entropy("aaaa") == 0.0);
  // Catch2 v2 and v3 name Approx differently: a plain tolerance serves both.
  CHECK(std::abs(secrets::shannon_entropy("abcd") - 2.0) < 1e-12);
}

TEST_CASE("placeholder credentials and values", "[secrets][formats]") {
  for (auto [user, password] : std::vector<std::pair<const char*, const char*>>{{"user", "pass"},
                                                                                {"test", "test"},
                                                                                {"username", "password"},
                                                                                {"xxx", "yyy"},
                                                                                {"neo4j", "[PASSWORD]"}}) {
    INFO(user << ":" << password);
    CHECK(is_placeholder_credential(user, password));
  }
  CHECK_FALSE(is_placeholder_credential("admin", "admin"));
  CHECK_FALSE(is_placeholder_credential("deploy", "Hunt3r2-Url-Passw0rd"));
  CHECK(is_placeholder_value("{SumoAccessKey}"));
  CHECK(is_placeholder_value("{base64(email:password[\\n])}"));
  CHECK(is_placeholder_value("changeit"));
  CHECK(is_placeholder_value("SECRET", "secret"));
  CHECK(is_placeholder_value("api-key", "API_KEY"));
  CHECK_FALSE(is_placeholder_value("SECRET", "DB_PASSWORD"));
  CHECK_FALSE(is_placeholder_value("password"));
}

TEST_CASE("well-known credential names", "[secrets][formats]") {
  CHECK(classify_secret_name("COMPOSER_AUTH").strength == NameStrength::Known);
  CHECK(classify_secret_name("BUNDLE_GEMS__CONTRIBSYS__COM").strength == NameStrength::Known);
  CHECK(classify_secret_name("BUNDLE_RUBYGEMS__PKG__GITHUB__COM").strength == NameStrength::Known);
  CHECK(classify_secret_name("bundle_github__com").strength == NameStrength::Known);
  CHECK(classify_secret_name("DOCKER_AUTH_CONFIG").strength == NameStrength::Known);
  CHECK(classify_secret_name("BUNDLE_BUILD__PG").strength == NameStrength::None);
  CHECK(classify_secret_name("BUNDLE_MIRROR__HTTPS://RUBYGEMS__ORG").strength == NameStrength::None);
  CHECK(classify_secret_name("BUNDLE_PATH").strength == NameStrength::None);
  CHECK(classify_secret_name("BUNDLE_SILENCE_ROOT_WARNING").strength == NameStrength::None);
}

TEST_CASE("messages keep words that contain a short secret", "[secrets][redaction]") {
  const SourceFile source(
      "Dockerfile",
      "FROM alpine:3.20\n"
      "RUN curl --user deploy:hard https://example.com/a -o /tmp/a\n"
      "RUN mysql -phard -e 'select 1'\n"
      "RUN curl --user admin:admin https://example.com/b && cp x /home/admin/.ssh/config\n");
  const std::vector<Finding> findings = lint_dockerfile(source, {});
  REQUIRE(findings.size() >= 2);
  for (const Finding& f : findings) {
    INFO(f.rule_id << " " << f.message);
    CHECK(f.message.find("… (4 chars)coded") == std::string::npos);
    CHECK(f.message.find("… (5 chars)/.ssh") == std::string::npos);
    if (f.rule_id == "LL1003") CHECK(f.message.starts_with("hardcoded"));
    // The secret's own occurrences are still scrubbed, glued to an option or not.
    CHECK(f.message.find("-phard") == std::string::npos);
    CHECK(f.message.find(":hard") == std::string::npos);
    if (f.fix) {
      for (const Edit& e : f.fix->edits) {
        CHECK(e.replacement.find("-phard") == std::string::npos);
        CHECK(e.replacement.find("deploy:hard") == std::string::npos);
      }
    }
  }
}

TEST_CASE("every value pattern and prefilter compiles into the one set", "[secrets][formats]") {
  const secrets::ValuePatterns& data = secrets::value_patterns();
  REQUIRE(data.patterns.size() >= 70);
  for (const secrets::ValuePattern& p : data.patterns) {
    INFO(p.kind);
    CHECK(p.regex->get().ok());
    CHECK(RE2(p.set_text).ok());
  }
  // One refused pattern would leave no set at all.
  CHECK(data.set() != nullptr);
}

TEST_CASE("keyword-anchored values in configuration text", "[secrets][formats]") {
  const std::string ini = "[db]\nhost = db\npassword = Kq7-vR2m-Xw9p\n";
  const std::vector<ValueMatch> found = find_keyword_assignments(ini);
  REQUIRE(found.size() == 1);
  CHECK(ini.substr(found[0].begin, found[0].end - found[0].begin) == "Kq7-vR2m-Xw9p");
  CHECK(found[0].description == "value of password");
  CHECK(find_keyword_assignments("{\"client_secret\": \"Vb6Yp1Rk9Tz3Nw5q\",").size() == 1);
  CHECK(find_keyword_assignments("client_id: app\\nclient_secret: Vb6Yp1Rk9Tz3Nw5q\\n").size() == 1);
  CHECK(find_keyword_assignments("export DB_PASSWORD='Zt4nB8qLp2wQ'").size() == 1);
  const char* clean[] = {
      "password_encryption = scram-sha-256",
      "password_file = /run/secrets/db",
      "password = ${DB_PASSWORD}",
      "password: changeme",
      "api_token = 8d1f0c2b7a",  // tokens are left to their formats
      "administrator_login_password = var.db_password",
      "db-password: ENC[AES256_GCM,data:Tr7o=,iv:1=,tag:2=,type:str]",
      "secret_key => \"sk_abcdefghijklmnopqrstuvwxyz123\"",
      "password = secret",
  };
  for (const char* text : clean) {
    INFO(text);
    CHECK(find_keyword_assignments(text).empty());
  }
}
