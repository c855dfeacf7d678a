// No output format ever contains a whole secret value: secrets are planted in every place a rule
// looks, every format is written, and none of the values may appear.
#include "catch.hpp"

#include <sstream>

#include "layerlint/lint.hpp"
#include "layerlint/report.hpp"

using namespace layerlint;

TEST_CASE("no report format prints a secret value", "[redaction]") {
  const std::vector<std::string> secrets = {
      "ghp_R4nd0mL00k1ngT0k3nV4lu3F0rT3st1ng00",
      "glpat-Zq8Xw2Vb7Nm4Kd1Pf6Ht",
      "AKIAZ4QXW7J3N5RTB2KD",
      "s3cr3tP4ssw0rd-Pl4nt3d",
      "Hunt3r2-Url-Passw0rd",
      "npm_Q1w2E3r4T5y6U7i8O9p0A1s2D3f4G5h6J7k8",
      "Db-Passw0rd-In-Env-991",
  };
  const std::string dockerfile =
      "FROM node:20 AS build\n"
      "ARG GITHUB_TOKEN=" +
      secrets[0] +
      "\n"
      "ENV GITLAB_TOKEN=" +
      secrets[1] +
      "\n"
      "LABEL aws.key=\"" +
      secrets[2] +
      "\"\n"
      "RUN curl -u deploy:" +
      secrets[3] +
      " https://example.com/a -o /tmp/a\n"
      "RUN git clone https://deploy:" +
      secrets[4] +
      "@github.com/acme/app.git /src\n"
      "RUN echo \"//registry.npmjs.org/:_authToken=" +
      secrets[5] +
      "\" > /root/.npmrc\n"
      "RUN <<EOF\n"
      "export TOKEN=" +
      secrets[0] +
      "\n"
      "EOF\n"
      "FROM node:20-slim\n"
      "ENV DB_PASSWORD=" +
      secrets[6] +
      "\n"
      "COPY --from=build /root/.npmrc /root/.npmrc\n";
  auto source = std::make_shared<const SourceFile>("Dockerfile", dockerfile);
  std::vector<FileReport> files{{source, "Dockerfile", lint_dockerfile(*source, {})}};
  REQUIRE(files.front().findings.size() >= secrets.size());
  for (std::string_view format : report_formats()) {
    for (bool color : {false, true}) {
      std::ostringstream out;
      ReportOptions options;
      options.color = color;
      REQUIRE(write_report(format, files, options, out));
      const std::string text = out.str();
      for (const std::string& s : secrets) {
        INFO("format " << format << " secret " << s.substr(0, 4));
        CHECK(text.find(s) == std::string::npos);
      }
    }
  }
  // Messages and fixes carry redacted values only, whatever the format does with the source.
  for (const Finding& f : files.front().findings) {
    for (const std::string& s : secrets) {
      CHECK(f.message.find(s) == std::string::npos);
      if (!f.fix) continue;
      CHECK(f.fix->title.find(s) == std::string::npos);
      CHECK(f.fix->advice.rewritten.find(s) == std::string::npos);
      for (const Edit& e : f.fix->edits) CHECK(e.replacement.find(s) == std::string::npos);
    }
  }
}
