#include "catch.hpp"

#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "core/embedded.hpp"
#include "layerlint/secrets.hpp"

using namespace layerlint;

namespace {

const char* strength_name(NameStrength s) {
  switch (s) {
    case NameStrength::None: return "None";
    case NameStrength::Weak: return "Weak";
    case NameStrength::Strong: return "Strong";
    case NameStrength::Known: return "Known";
  }
  return "?";
}

struct NameCase {
  const char* name;
  NameStrength expected;
};

// One expected match: `secret` is found in `text` (first occurrence) to give the exact offsets.
struct ValueCase {
  std::string text;
  std::string kind;    // empty: no match at all
  std::string secret;  // the reported range
};

std::string secret_of(std::string_view text, const ValueMatch& m) {
  return std::string(text.substr(m.begin, m.end - m.begin));
}

std::string repeat(std::string_view chunk, std::size_t length) {
  std::string out;
  while (out.size() < length) out += chunk;
  out.resize(length);
  return out;
}

const std::string k_ghp = "ghp_R3xV9mKq2LpT8wZc4NbY6hJd1FsGa0UeXo7i";
const std::string k_akia = "AKIA2OGYBAH6TQQXWR7E";
const std::string k_glpat = "glpat-x9Fq2Lm7Rt4Vw8Zb1Nc5";
const std::string k_npm = "npm_R3xV9mKq2LpT8wZc4NbY6hJd1FsGa0UeXo7i";
const std::string k_jwt =
    "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJhZG1pbiIsImlhdCI6MTcwMDAwMDAwMH0."
    "Q2hQ7mVx9LkPz3RtYw8NbF1sGa0UeXo7iJd5Kc4";

}  // namespace

TEST_CASE("the secret data files are embedded", "[secrets]") {
  CHECK(embedded_file("secret-names.yaml").has_value());
  CHECK(embedded_file("secret-patterns.yaml").has_value());
  CHECK(embedded_file("secret-files.yaml").has_value());
}

TEST_CASE("names split into whole lower-case tokens", "[secrets]") {
  using V = std::vector<std::string>;
  CHECK(split_name_tokens("npmToken") == V{"npm", "token"});
  CHECK(split_name_tokens("APIKey") == V{"api", "key"});
  CHECK(split_name_tokens("AWS_SECRET_ACCESS_KEY") == V{"aws", "secret", "access", "key"});
  CHECK(split_name_tokens("db.password-file") == V{"db", "password", "file"});
  CHECK(split_name_tokens("oauth2Token") == V{"oauth2", "token"});
  CHECK(split_name_tokens("HTTPServerURL") == V{"http", "server", "url"});
  CHECK(split_name_tokens("__x__") == V{"x"});
  CHECK(split_name_tokens("").empty());
  CHECK(split_name_tokens("___").empty());
}

TEST_CASE("secret names", "[secrets]") {
  const NameCase cases[] = {
      // Strong and well-known names.
      {"DB_PASSWORD", NameStrength::Strong},
      {"MYSQL_ROOT_PASSWORD", NameStrength::Known},
      {"mysql_root_password", NameStrength::Known},
      {"NPM_TOKEN", NameStrength::Known},
      {"npmToken", NameStrength::Known},
      {"apiKey", NameStrength::Strong},
      {"APIKey", NameStrength::Strong},
      {"API_KEY", NameStrength::Strong},
      {"OPENAI_API_KEY", NameStrength::Known},
      {"GITHUB_TOKEN", NameStrength::Known},
      {"GH_TOKEN", NameStrength::Known},
      {"CLIENT_SECRET", NameStrength::Strong},
      {"AWS_SECRET_ACCESS_KEY", NameStrength::Known},
      {"awsSecretAccessKey", NameStrength::Known},
      {"PRIVATE_KEY", NameStrength::Strong},
      {"SSH_PRIVATE_KEY", NameStrength::Strong},
      {"JWT_SECRET", NameStrength::Known},
      {"JWT_SIGNING_SECRET", NameStrength::Strong},
      {"SECRET_KEY_BASE", NameStrength::Known},
      {"SECRET_TOKEN", NameStrength::Strong},
      {"AUTH_TOKEN", NameStrength::Strong},
      {"CERT_PASSWORD", NameStrength::Strong},
      {"DJANGO_SECRET_KEY", NameStrength::Known},
      {"NEXUS_PASSWORD", NameStrength::Strong},
      {"nexus_password", NameStrength::Strong},
      {"KEYSTORE_PASSWORD", NameStrength::Strong},
      {"DOCKER_HOST_PASSWORD", NameStrength::Strong},
      {"KOPANO_SERVER_PASSWORD", NameStrength::Strong},
      {"GITHUB_OAUTH_TOKEN", NameStrength::Strong},
      {"ASANA_API_KEY", NameStrength::Strong},
      {"ENCRYPTION_KEY", NameStrength::Strong},
      {"RAILS_MASTER_KEY", NameStrength::Strong},
      {"DB_CONNECTION_STRING", NameStrength::Strong},
      {"SLACK_WEBHOOK_URL", NameStrength::Known},
      {"DISCORD_WEBHOOK_URL", NameStrength::Strong},
      {"GPG_PASSPHRASE", NameStrength::None},  // gpg: allow anywhere
      {"SIGNING_PASSPHRASE", NameStrength::Strong},
      {"DB_PASSWD", NameStrength::Strong},
      {"PGPASSWORD", NameStrength::Known},
      {"REGISTRY_CREDENTIALS", NameStrength::Strong},
      {"BEARER", NameStrength::Strong},
      {"mapbox_token", NameStrength::Strong},
      {"TOKEN", NameStrength::Strong},
      // Weak names: secrets only with evidence.
      {"ADMIN_PASS", NameStrength::Weak},
      {"REGISTRY_AUTH", NameStrength::Weak},
      {"LICENSE_KEY", NameStrength::Weak},
      {"picaticKey", NameStrength::Weak},
      {"DATABASE_URL", NameStrength::Weak},
      {"SENTRY_DSN", NameStrength::Weak},
      {"AWS_ACCESS_KEY_ID", NameStrength::Weak},
      {"KEY_ID", NameStrength::Weak},
      {"SWIFT_SIGNING_KEY", NameStrength::Weak},
      {"GHC_RELEASE_KEY", NameStrength::Weak},
      {"STACK_RELEASE_KEY", NameStrength::Weak},
      {"LLVM_KEY", NameStrength::Weak},
      {"GOSU_KEY", NameStrength::Weak},
      {"LDAP_BINDPW", NameStrength::None},  // one token "bindpw": not a whole-token match
      {"ROOT_PW", NameStrength::Weak},
      // Not secrets: allow tokens, substrings, unrelated names.
      {"GPG_KEY", NameStrength::None},
      {"GPG_KEYS", NameStrength::None},
      {"JETTY_GPG_KEYS", NameStrength::None},
      {"GPG_COUCH_KEY", NameStrength::None},
      {"WORDPRESS_CLI_GPG_KEY", NameStrength::None},
      {"RABBITMQ_PGP_KEY_ID", NameStrength::None},
      {"OPENSSL_PGP_KEY_IDS", NameStrength::None},
      {"PGP_KEYSERVER", NameStrength::None},
      {"SOLR_KEYS", NameStrength::None},
      {"PUBLIC_KEY", NameStrength::None},
      {"SSH_PUBLIC_KEY", NameStrength::None},
      {"PASSWORD_FILE", NameStrength::None},
      {"MYSQL_PASSWORD_FILE", NameStrength::None},
      {"KONNECTD_SIGNING_PRIVATE_KEY_FILE", NameStrength::None},
      {"KONNECTD_DOCKER_SECRETS_PATH", NameStrength::None},
      {"SECRET_PATH", NameStrength::None},
      {"TOKEN_URL", NameStrength::None},
      {"TOKEN_TTL", NameStrength::None},
      {"KEYSTORE_PATH", NameStrength::None},
      {"API_KEY_HEADER", NameStrength::None},
      {"NODE_VERSION", NameStrength::None},
      {"PYTHON_SHA256", NameStrength::None},
      {"TOKEN_ENDPOINT", NameStrength::None},
      {"SECRETS_DIR", NameStrength::None},
      {"PASSWORD_LENGTH", NameStrength::None},
      {"PASSWORD_HASH", NameStrength::None},
      {"AUTH_URL", NameStrength::None},
      {"AUTH_TYPE", NameStrength::None},
      {"KEYCLOAK_VERSION", NameStrength::None},
      {"MONKEY", NameStrength::None},
      {"DOCKER_TLS_VERIFY", NameStrength::None},
      {"TOKENIZER_PATH", NameStrength::None},
      {"CC", NameStrength::None},
      {"PWD", NameStrength::None},
      {"GOOGLE_APPLICATION_CREDENTIALS", NameStrength::None},
      {"SERVICE_ACCT_SUDO_NO_PASSWD", NameStrength::Strong},
      {"NAME_IS_OK", NameStrength::None},
      {"BUILD_PACKAGES", NameStrength::None},
      {"PASSENGER_VERSION", NameStrength::None},
      {"KEYBOARD_LAYOUT", NameStrength::None},
      {"TURBO_TOKEN_ENABLED", NameStrength::None},
      {"", NameStrength::None},
      {"___", NameStrength::None},
  };
  for (const NameCase& c : cases) {
    INFO("name: " << c.name);
    const NameVerdict verdict = classify_secret_name(c.name);
    CHECK(strength_name(verdict.strength) == std::string(strength_name(c.expected)));
  }
}

TEST_CASE("name verdicts say why", "[secrets]") {
  CHECK(classify_secret_name("DB_PASSWORD").reason == "token 'password'");
  CHECK(classify_secret_name("GITHUB_TOKEN").reason == "well-known name");
  CHECK(classify_secret_name("PASSWORD_FILE").reason == "allow token 'file'");
  CHECK(classify_secret_name("GPG_KEY").reason == "allow token 'gpg'");
  CHECK(classify_secret_name("apiKey").reason == "token 'api_key'");
  CHECK(classify_secret_name("CC").reason.empty());
  CHECK(classify_secret_name(std::string(10000, 'A') + "_PASSWORD").strength == NameStrength::None);
}

TEST_CASE("literal secret values by format", "[secrets]") {
  const std::string pem =
      "-----BEGIN RSA PRIVATE KEY-----\\nMIIEowIBAAKCAQEA7xL9kQ2vT5nZ8wR3yH6jC1mB4pF7sD0g\\n-----END RSA "
      "PRIVATE KEY-----";
  const std::string azure = "AccountKey=" + repeat("Zx8Qw3Er5Ty7Ui9Op1As", 86) + "==";
  const std::string pypi = "pypi-AgEIcHlwaS5vcmc" + repeat("CJDk3Yj-Qw_8Rt5Zp2Ls", 60);
  const std::string github_pat = "github_pat_11" + repeat("aB3dE5gH7jKmN9pQ_rS2", 80);
  const ValueCase cases[] = {
      {"ENV AWS_ACCESS_KEY_ID=" + k_akia, "aws-access-key-id", k_akia},
      {"aws_access_key_id=ASIA2OGYBAH6TQQXWR7E\n", "aws-access-key-id", "ASIA2OGYBAH6TQQXWR7E"},
      {"ARG GITHUB_TOKEN=" + k_ghp, "github-token", k_ghp},
      {"git clone https://" + k_ghp + "@github.com/o/r", "github-token", k_ghp},
      {"token: ghs_Rk4TqZ8mWx2NbV6yLp0sJd3HfC9gUe5aYo1i", "github-token",
       "ghs_Rk4TqZ8mWx2NbV6yLp0sJd3HfC9gUe5aYo1i"},
      {"X=" + github_pat, "github-fine-grained-token", github_pat},
      {"GITLAB_TOKEN=" + k_glpat + " make", "gitlab-token", k_glpat},
      {"SLACK=xoxb-1234567890-9876543210-AbCdEfGhIjKlMnOpQrStUvWx", "slack-token",
       "xoxb-1234567890-9876543210-AbCdEfGhIjKlMnOpQrStUvWx"},
      {"curl -X POST https://hooks.slack.com/services/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 -d x",
       "slack-webhook", "https://hooks.slack.com/services/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"},
      {"ARG picaticKey=sk_live_123as6789o1234567890123a123a5678", "stripe-secret-key",
       "sk_live_123as6789o1234567890123a123a5678"},
      {"KEY=rk_live_4eC39HqLyjWDarjtT1zdp7dc", "stripe-secret-key", "rk_live_4eC39HqLyjWDarjtT1zdp7dc"},
      {"MAPS=AIzaSyD3x9Fq2Lm7Rt4Vw8Zb1Nc5Kj6Hg0Pa2Qe", "google-api-key",
       "AIzaSyD3x9Fq2Lm7Rt4Vw8Zb1Nc5Kj6Hg0Pa2Qe"},
      {"echo //registry.npmjs.org/:_authToken=" + k_npm + " > .npmrc", "npm-token", k_npm},
      {"twine upload -p " + pypi, "pypi-token", pypi},
      {"docker login -p dckr_pat_R3xV9mKq2LpT8wZc4NbY6hJd1Fs", "dockerhub-token",
       "dckr_pat_R3xV9mKq2LpT8wZc4NbY6hJd1Fs"},
      {"Authorization=" + k_jwt, "jwt", k_jwt},
      {"RUN echo \"" + pem + "\" > /root/.ssh/id_rsa", "private-key", pem},
      {"-----BEGIN OPENSSH PRIVATE KEY-----\nb3BlbnNzaC1rZXktdjEAAAAABG5vbmUAAAAEbm9uZQ", "private-key",
       "-----BEGIN OPENSSH PRIVATE KEY-----"},
      {"-----BEGIN PRIVATE KEY-----\nMIIEvQIBADANBgkqhkiG9w0BAQEFAASC\n", "private-key",
       "-----BEGIN PRIVATE KEY-----"},
      {"TWILIO=SK0f1e2d3c4b5a69788796a5b4c3d2e1f0", "twilio-api-key", "SK0f1e2d3c4b5a69788796a5b4c3d2e1f0"},
      {"ARG sgApiK=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", "sendgrid-api-key",
       "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"},
      {"OPENAI_API_KEY=sk-proj-Ab12Cd34Ef56Gh78Ij90KlT3BlbkFJMn12Op34Qr56St78Uv90Wx", "openai-api-key",
       "sk-proj-Ab12Cd34Ef56Gh78Ij90KlT3BlbkFJMn12Op34Qr56St78Uv90Wx"},
      {"HF_TOKEN=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", "huggingface-token",
       "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"},
      {"DefaultEndpointsProtocol=https;AccountName=x;" + azure + ";EndpointSuffix=core", "azure-storage-key",
       azure.substr(11)},
      {"curl -H \"Authorization: Bearer q8R9s0T1u2V3w4X5y6Z7\" https://api", "authorization-header",
       "q8R9s0T1u2V3w4X5y6Z7"},
      {"curl -H 'authorization: basic dXNlcjpodW50ZXIyaHVudGVyMg==' x", "authorization-header",
       "dXNlcjpodW50ZXIyaHVudGVyMg=="},
      {"ARG token=sq0atp-812erere3wewew45678901", "square-token", "sq0atp-812erere3wewew45678901"},
      {"ARG amazonToken=amzn.mws.643a5678-8f9f-1a2b-5c3b-e3ea43f3f4b4", "amazon-mws-token",
       "amzn.mws.643a5678-8f9f-1a2b-5c3b-e3ea43f3f4b4"},
      {"ARG mailChimp=f4f56af5a54a3eaeb3c3beb3cc2ccccc-us36", "mailchimp-api-key",
       "f4f56af5a54a3eaeb3c3beb3cc2ccccc-us36"},
      // Not secrets: documentation examples, placeholders, references, wrong shapes.
      {"ENV AWS_ACCESS_KEY_ID=AKIAIOSFODNN7EXAMPLE", "", ""},
      {"ENV AWS_SECRET_ACCESS_KEY=wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY", "", ""},
      {"ARG GITHUB_TOKEN=ghp_xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx", "", ""},
      {"ARG GITHUB_TOKEN=ghp_aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", "", ""},
      {"ARG GITHUB_TOKEN=${GITHUB_TOKEN}", "", ""},
      {"ARG GITHUB_TOKEN=$GITHUB_TOKEN", "", ""},
      {"ghp_{{ .Token }}", "", ""},
      {"X" + k_akia, "", ""},
      {k_akia + "X", "", ""},
      {"ghp_R3xV9mKq2LpT8wZc4NbY6hJd1FsGa0UeXo7", "", ""},  // 35 characters
      {"KEY=sk_test_4eC39HqLyjWDarjtT1zdp7dc", "", ""},
      {"curl -H \"Authorization: Bearer $TOKEN\" https://api", "", ""},
      {"curl -H \"Authorization: Bearer ${GITHUB_TOKEN}\" https://api", "", ""},
      {"curl -H \"Authorization: Bearer YOUR_TOKEN_HERE_1234\" x", "", ""},
      {"ENV PYTHON_SHA256=8fb5f6fbf2e8f0a8cf2bc7a2c7e95fc76e0f9a1c7a3f1e32a5f2ba7c4d1f0e9b", "", ""},
      {"ENV GPG_KEY=A035C8C19219BA821ECEA86B64E628F8D684696D", "", ""},
      {"eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9."
       "eyJzdWIiOiIxMjM0NTY3ODkwIiwibmFtZSI6IkpvaG4gRG9lIiwiaWF0IjoxNTE2MjM5MDIyfQ."
       "SflKxwRJSMeKKF2QT4fwpMeJf36POk6yJV_adQssw5c",
       "", ""},
      {"-----BEGIN PUBLIC KEY-----", "", ""},
      {"-----BEGIN CERTIFICATE-----", "", ""},
      {"", "", ""},
  };
  for (const ValueCase& c : cases) {
    INFO("text: " << c.text);
    const std::vector<ValueMatch> found = find_secret_values(c.text);
    if (c.kind.empty()) {
      CHECK(found.empty());
      for (const ValueMatch& m : found) INFO("unexpected " << m.kind << ": " << secret_of(c.text, m));
      continue;
    }
    REQUIRE(found.size() == 1);
    CHECK(found[0].kind == c.kind);
    CHECK(found[0].begin == c.text.find(c.secret));
    CHECK(found[0].end == c.text.find(c.secret) + c.secret.size());
    CHECK(!found[0].description.empty());
  }
}

TEST_CASE("secret values report exact offsets, several per text", "[secrets]") {
  const std::string text = "A=" + k_akia + " B=" + k_ghp + "\nC=" + k_akia;
  const std::vector<ValueMatch> found = find_secret_values(text);
  REQUIRE(found.size() == 3);
  CHECK(found[0].begin == 2);
  CHECK(found[0].end == 22);
  CHECK(found[0].kind == "aws-access-key-id");
  CHECK(found[0].description == "AWS access key id");
  CHECK(found[1].begin == 25);
  CHECK(found[1].end == 65);
  CHECK(found[1].kind == "github-token");
  CHECK(found[2].begin == 68);
  CHECK(found[2].end == 88);
  // Adjacent tokens separated by a single character are both found.
  const std::string two = k_akia + "," + k_akia;
  const std::vector<ValueMatch> pair = find_secret_values(two);
  REQUIRE(pair.size() == 2);
  CHECK(pair[1].begin == 21);
  // A token inside an Authorization header is reported once, by its own format.
  const std::string header = "Authorization: Bearer " + k_ghp;
  const std::vector<ValueMatch> one = find_secret_values(header);
  REQUIRE(one.size() == 1);
  CHECK(one[0].kind == "github-token");
  CHECK(one[0].begin == 22);
}

TEST_CASE("secret values in large input stay linear and exact", "[secrets]") {
  std::string big(4 << 20, 'a');
  big.replace(3 << 20, k_ghp.size() + 2, " " + k_ghp + " ");
  const std::vector<ValueMatch> found = find_secret_values(big);
  REQUIRE(found.size() == 1);
  CHECK(found[0].begin == (3u << 20) + 1);
  // Many key headers and no end marker: each is reported alone, and the scan stays linear.
  std::string pem_heads;
  for (int i = 0; i < 100000; ++i) pem_heads += "-----BEGIN PRIVATE KEY-----" + std::string(32, 'A') + " ";
  const std::vector<ValueMatch> heads = find_secret_values(pem_heads);
  REQUIRE(heads.size() == 100000);
  CHECK(heads[1].begin == 60);
  CHECK(heads[1].end == 87);
  // A body longer than the limit is not followed to a far end marker.
  const std::string far =
      "-----BEGIN EC PRIVATE KEY-----" + std::string(20000, 'A') + "-----END EC PRIVATE KEY-----";
  const std::vector<ValueMatch> head_only = find_secret_values(far);
  REQUIRE(head_only.size() == 1);
  CHECK(head_only[0].end == 30);
}

TEST_CASE("placeholder values", "[secrets]") {
  const char* placeholders[] = {
      "",
      "  ",
      "$TOKEN",
      "${GITHUB_TOKEN}",
      "$(cat /run/secrets/token)",
      "`cat x`",
      "{{ .Values.password }}",
      "<token>",
      "<your-api-key>",
      "/run/secrets/npm_token",
      "./secrets/key.txt",
      "~/.ssh/id_rsa",
      "secrets/db_password.txt",
      "C:\\secrets\\pw",
      "changeme",
      "CHANGE_ME",
      "change-me",
      "xxx",
      "xxxxxxxx",
      "XXXX-XXXX-XXXX",
      "***",
      "********",
      "your_token",
      "YOUR_API_KEY",
      "your-password-here",
      "token_here",
      "example",
      "my-example-password",
      "dummy",
      "none",
      "null",
      "true",
      "false",
      "0",
      "1",
      "600",
      "\"\"",
      "''",
      "\"changeme\"",
      "'${PASS}'",
      "%PASSWORD%",
      "@DB_PASSWORD@",
  };
  for (const char* value : placeholders) {
    INFO("value: '" << value << "'");
    CHECK(is_placeholder_value(value));
  }
  const char* real[] = {
      "root",
      "password",  // a working default credential, not a placeholder
      "secret",
      "rootpassword",
      "root_password",
      "joomla",
      "wordpress",
      "postgres",
      "admin",
      "pass!1213Fs",
      "hunter2",
      "1234",
      "123456",
      "5PUmeLPC.tJAE8kFo3vduEtXW9kSgw8x",
      "wJalrXUt/K7MDENG/bPxRfiCY",
      "s3cr3t-P4ss",
      "a5anab0t",
      "\"rootpass\"",
      "my_key",
  };
  for (const char* value : real) {
    INFO("value: '" << value << "'");
    CHECK_FALSE(is_placeholder_value(value));
  }
}

TEST_CASE("credentials in URLs", "[secrets]") {
  struct UrlCase {
    std::string text;
    std::string kind;  // empty: nothing reported
    std::string secret;
  };
  const UrlCase cases[] = {
      {"RUN git clone https://deploy:s3cr3tP4ss@github.com/o/r.git", "url-credentials", "s3cr3tP4ss"},
      {"pip install --index-url https://user:hunter2@pypi.internal/simple pkg", "url-credentials", "hunter2"},
      {"ENV DATABASE_URL=postgres://app:Tr0ub4dor@db:5432/app", "url-credentials", "Tr0ub4dor"},
      {"mongodb+srv://admin:p%40ss@cluster0.mongodb.net", "url-credentials", "p%40ss"},
      {"redis://:redispass1@cache:6379", "url-credentials", "redispass1"},
      {"amqp://guest:guest@rabbit", "url-credentials", "guest"},
      {"ftp://anon:ftp-pw-9@files", "url-credentials", "ftp-pw-9"},
      {"curl http://u:a:b@host", "url-credentials", "a:b"},
      {"git config url.\"https://${GIT_USER}:${GIT_TOKEN}@github.com\".insteadOf",
       "url-credentials-reference", "${GIT_TOKEN}"},
      {"https://oauth2:$CI_JOB_TOKEN@gitlab.com/x", "url-credentials-reference", "$CI_JOB_TOKEN"},
      {"https://${GITHUB_TOKEN}@github.com/o/r", "url-credentials-reference", "${GITHUB_TOKEN}"},
      {"https://$NPM_TOKEN@registry", "url-credentials-reference", "$NPM_TOKEN"},
      {"git clone https://" + k_ghp + "@github.com/o/r", "url-credentials", k_ghp},
      // Not credentials.
      {"git clone git@github.com:o/r.git", "", ""},
      {"ssh://git@github.com/o/r", "", ""},
      {"https://${GIT_USER}@github.com/o/r", "", ""},
      {"https://$USER@host/x", "", ""},
      {"http://localhost:8080/health", "", ""},
      {"http://user:password@proxy:3128", "", ""},
      {"http://user:pass@proxy", "", ""},
      {"https://user:changeme@h", "", ""},
      {"https://user:xxx@h", "", ""},
      {"https://user:<password>@h", "", ""},
      {"https://user:@h", "", ""},
      {"${SCHEME}://host/x@y", "", ""},
      {"https://example.com/path/to@file", "", ""},
      {"mailto:someone@example.com", "", ""},
      {"https://deploy@github.com/o/r", "", ""},
      {"", "", ""},
  };
  for (const UrlCase& c : cases) {
    INFO("text: " << c.text);
    const std::vector<ValueMatch> found = find_url_credentials(c.text);
    if (c.kind.empty()) {
      CHECK(found.empty());
      continue;
    }
    REQUIRE(found.size() == 1);
    CHECK(found[0].kind == c.kind);
    CHECK(secret_of(c.text, found[0]) == c.secret);
  }
}

TEST_CASE("URL credentials report exact offsets", "[secrets]") {
  const std::string text = "a https://u:pw1234@h/x b http://v:${TOKEN}@h";
  const std::vector<ValueMatch> found = find_url_credentials(text);
  REQUIRE(found.size() == 2);
  CHECK(found[0].begin == 12);
  CHECK(found[0].end == 18);
  CHECK(found[0].kind == "url-credentials");
  CHECK(found[0].description == "password in URL");
  CHECK(found[1].begin == 34);
  CHECK(found[1].end == 42);
  CHECK(found[1].kind == "url-credentials-reference");
  std::string big(2 << 20, ':');
  big += "https://u:pw1234@h";
  REQUIRE(find_url_credentials(big).size() == 1);
  CHECK(find_url_credentials(std::string(1 << 20, '@')).empty());
}

TEST_CASE("secret file paths", "[secrets]") {
  struct PathCase {
    const char* path;
    const char* kind;  // nullptr: not a secret
  };
  const PathCase cases[] = {
      {"id_rsa", "ssh-private-key"},
      {"/root/.ssh/id_ed25519", "ssh-private-key"},
      {"~/.ssh/id_ecdsa", "ssh-private-key"},
      {"keys/deploy_rsa", "ssh-private-key"},
      {".ssh/id_github", "ssh-private-key"},
      {"ssh_host_rsa_key", "ssh-private-key"},
      {"COPY_ME/ID_RSA", "ssh-private-key"},
      {"id_*", "ssh-private-key"},
      {".ssh", "ssh-directory"},
      {"/root/.ssh/", "ssh-directory"},
      {".ssh/*", "ssh-directory"},
      {".npmrc", "npmrc"},
      {"/home/node/.npmrc", "npmrc"},
      {".pypirc", "pypirc"},
      {".netrc", "netrc"},
      {"_netrc", "netrc"},
      {".git-credentials", "git-credentials"},
      {"/root/.aws/credentials", "aws-credentials"},
      {".aws", "aws-directory"},
      {"~/.aws/", "aws-directory"},
      {".docker/config.json", "docker-config"},
      {".kube/config", "kubeconfig"},
      {"kubeconfig", "kubeconfig"},
      {".env", "dotenv"},
      {"./.env.local", "dotenv"},
      {"app/.env.production", "dotenv"},
      {"server.key", "private-key"},
      {"certs/privkey.pem", "private-key"},
      {"tls-key.pem", "private-key"},
      {"*.key", "private-key"},
      {"*.pem", "private-key"},
      {"server.pem", "pem-file"},
      {"keystore.p12", "pkcs12-keystore"},
      {"cert.pfx", "pkcs12-keystore"},
      {"release.jks", "java-keystore"},
      {"app.keystore", "java-keystore"},
      {"credentials.json", "gcp-credentials"},
      {"service-account.json", "gcp-credentials"},
      {"my-project-sa-key.json", "gcp-credentials"},
      {"/root/.config/gcloud/application_default_credentials.json", "gcp-credentials"},
      {".vault-token", "vault-token"},
      {"/root/.config/doctl/config.yaml", "doctl-config"},
      {"/app/config.yaml", nullptr},
      {"terraform.tfvars", "terraform-variables"},
      {"prod.auto.tfvars", "terraform-variables"},
      {".htpasswd", "htpasswd"},
      {"config/secrets.yml", "secrets-file"},
      {"secrets.json", "secrets-file"},
      {"config/master.key", "rails-master-key"},
      {"/root/.gnupg/secring.gpg", "gnupg-private-keys"},
      {".gnupg/private-keys-v1.d", "gnupg-private-keys"},
      {".gnupg", "gnupg-private-keys"},
      {"client.ovpn", "openvpn-config"},
      {".pgpass", "database-credentials"},
      {"\"~/.my.cnf\"", "database-credentials"},
      {".cargo/credentials.toml", "package-credentials"},
      {"C:\\Users\\me\\.ssh\\id_rsa", "ssh-private-key"},
      // Not secrets.
      {"id_rsa.pub", nullptr},
      {"/root/.ssh/id_ed25519.pub", nullptr},
      {"/root/.ssh/known_hosts", nullptr},
      {".ssh/authorized_keys", nullptr},
      {".ssh/config", nullptr},
      {".env.example", nullptr},
      {".env.sample", nullptr},
      {".env.template", nullptr},
      {".env.dist", nullptr},
      {"cert.pem", nullptr},
      {"ca.pem", nullptr},
      {"fullchain.pem", nullptr},
      {"chain.pem", nullptr},
      {"/etc/ssl/certs/ca-certificates.crt", nullptr},
      {"corretto.key", "private-key"},
      {"https://apt.corretto.aws/corretto.key", nullptr},
      {"nginx_signing.key", nullptr},
      {"/usr/share/keyrings/couchdb-archive-keyring.gpg", nullptr},
      {"/usr/local/bin/gosu.asc", nullptr},
      {".aws/config", nullptr},
      {"pip.conf", nullptr},
      {"/usr/local/go/go.env", nullptr},
      {"/opt/ol/wlp/usr/servers/defaultServer/server.env", nullptr},
      {"package.json", nullptr},
      {"*.json", nullptr},
      {"*", nullptr},
      {".", nullptr},
      {"/", nullptr},
      {"", nullptr},
      {"src/", nullptr},
      {"requirements.txt", nullptr},
      {"tokenizer.json", nullptr},
  };
  for (const PathCase& c : cases) {
    INFO("path: " << c.path);
    const FileVerdict verdict = classify_secret_path(c.path);
    if (c.kind == nullptr) {
      CHECK_FALSE(verdict.secret);
      CHECK(verdict.kind.empty());
      continue;
    }
    CHECK(verdict.secret);
    CHECK(verdict.kind == c.kind);
    CHECK(!verdict.description.empty());
  }
  CHECK_FALSE(classify_secret_path(std::string(100000, '/') + "id_rsa").secret);
}

namespace {

std::filesystem::path corpus_dir() { return std::filesystem::path(LAYERLINT_SOURCE_DIR "/../shared/corpus"); }

std::string read_file(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream out;
  out << in.rdbuf();
  return out.str();
}

}  // namespace

TEST_CASE("official images have no literal secrets", "[secrets][corpus]") {
  const std::filesystem::path list = corpus_dir() / "official-images-clean.txt";
  if (!std::filesystem::exists(list)) {
    WARN("corpus not found at " << list.string());
    SUCCEED();
    return;
  }
  std::ifstream in(list);
  std::string relative;
  std::size_t scanned = 0;
  while (std::getline(in, relative)) {
    if (relative.empty()) continue;
    const std::string text = read_file(corpus_dir() / relative);
    ++scanned;
    for (const ValueMatch& m : find_secret_values(text)) {
      FAIL_CHECK(relative << ": " << m.kind << " " << secret_of(text, m));
    }
    for (const ValueMatch& m : find_url_credentials(text)) {
      FAIL_CHECK(relative << ": " << m.kind << " " << secret_of(text, m));
    }
  }
  CHECK(scanned > 2000);
}

namespace {

struct Assignment {
  std::string name;
  std::string value;
  bool has_value = false;
};

// ENV/ARG assignments of a Dockerfile, read roughly: continuation lines joined, `NAME=value`
// words (quotes kept together), or the legacy `ENV NAME value` form.
std::vector<Assignment> env_arg_assignments(const std::string& text) {
  std::vector<Assignment> out;
  std::istringstream lines(text);
  std::string line, joined;
  std::vector<std::string> logical;
  while (std::getline(lines, line)) {
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (!line.empty() && line.back() == '\\') {
      joined += line.substr(0, line.size() - 1) + " ";
      continue;
    }
    logical.push_back(joined + line);
    joined.clear();
  }
  for (const std::string& l : logical) {
    std::size_t i = l.find_first_not_of(" \t");
    if (i == std::string::npos) continue;
    const std::string keyword = l.substr(i, 4);
    if (keyword != "ENV " && keyword != "ARG " && keyword != "ENV\t" && keyword != "ARG\t") continue;
    std::vector<std::string> words;
    std::string word;
    char quote = 0;
    for (std::size_t k = i + 4; k < l.size(); ++k) {
      const char c = l[k];
      if (quote != 0) {
        if (c == quote) quote = 0;
        word.push_back(c);
      } else if (c == '"' || c == '\'') {
        quote = c;
        word.push_back(c);
      } else if (c == ' ' || c == '\t') {
        if (!word.empty()) words.push_back(word);
        word.clear();
      } else {
        word.push_back(c);
      }
    }
    if (!word.empty()) words.push_back(word);
    if (words.empty()) continue;
    if (words[0].find('=') == std::string::npos) {
      std::string value;
      for (std::size_t w = 1; w < words.size(); ++w) value += (w > 1 ? " " : "") + words[w];
      out.push_back({words[0], value, words.size() > 1});
      continue;
    }
    for (const std::string& w : words) {
      const std::size_t eq = w.find('=');
      if (eq == std::string::npos || eq == 0) continue;
      out.push_back({w.substr(0, eq), w.substr(eq + 1), true});
    }
  }
  return out;
}

}  // namespace

TEST_CASE("official images assign no literal to a strong secret name", "[secrets][corpus]") {
  const std::filesystem::path list = corpus_dir() / "official-images-clean.txt";
  if (!std::filesystem::exists(list)) {
    WARN("corpus not found at " << list.string());
    SUCCEED();
    return;
  }
  std::ifstream in(list);
  std::string relative;
  std::size_t assignments = 0;
  while (std::getline(in, relative)) {
    if (relative.empty()) continue;
    for (const Assignment& a : env_arg_assignments(read_file(corpus_dir() / relative))) {
      ++assignments;
      if (!a.has_value || is_placeholder_value(a.value)) continue;
      const NameStrength strength = classify_secret_name(a.name).strength;
      if (strength == NameStrength::Strong || strength == NameStrength::Known) {
        FAIL_CHECK(relative << ": " << a.name << "=" << a.value);
      }
    }
  }
  CHECK(assignments > 10000);
}

TEST_CASE("the ENV/ARG reader used by the corpus checks", "[secrets]") {
  const std::vector<Assignment> found =
      env_arg_assignments("ENV A=1 B=\"x y\" \\\n  C=3\nARG D\nENV E some value\n");
  REQUIRE(found.size() == 5);
  CHECK(found[1].name == "B");
  CHECK(found[1].value == "\"x y\"");
  CHECK(found[2].name == "C");
  CHECK_FALSE(found[3].has_value);
  CHECK(found[4].value == "some value");
}
