// `layerlint image`: reading docker save archives, OCI layouts and streams; the secrets found in
// history, config and layers (deleted ones too); bad input; redaction; the Dockerfile cross-check.
#include "catch.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <sstream>
#include <thread>

#include "fixture_util.hpp"
#include "image_util.hpp"
#include "layerlint/image.hpp"
#include "layerlint/report.hpp"
#include "layerlint/rule.hpp"

using namespace layerlint;
using namespace layerlint::testing;

namespace {

const std::string k_token = "pl4nt-token-9f8e7d6c5b4a";                // a build argument
const std::string k_env = "pl4nt-env-0a1b2c3d4e5f";                    // an ENV value
const std::string k_npm = "npm_Q7xK2pL9vR4tB8nC3hD6jW1yS5gF0aE2uZ7m";  // an npm token format
const std::string k_key = "pl4nt-key-material-0123456789abcdef";       // a key file's body

TestImage leaky_image() {
  TestImage img;
  img.layers.push_back({{{"bin/", "", 'd'},
                         {"bin/sh", std::string("\x7f"
                                                "ELF\0\0binary",
                                                12)},
                         {"etc/passwd", "root:x:0:0::/root:/bin/sh\n"}},
                        ""});
  img.layers.push_back({{{"root/.ssh/", "", 'd'},
                         {"root/.ssh/id_rsa", "-----BEGIN OPENSSH PRIVATE KEY-----\n" + k_key +
                                                  "\n-----END OPENSSH PRIVATE KEY-----\n"}},
                        "COPY id_rsa /root/.ssh/id_rsa # buildkit"});
  img.layers.push_back({{{"root/.npmrc", "//registry.npmjs.org/:_authToken=" + k_npm + "\n"},
                         {"app/config.txt", "token " + k_token + "\n"},
                         {"app/.npmrc", "//registry.npmjs.org/:_authToken=${NPM_TOKEN}\n"},
                         {"root/.ssh/.wh.id_rsa", ""}},
                        "RUN |1 TOKEN=" + k_token +
                            " /bin/sh -c echo $TOKEN > /app/config.txt && rm /root/.ssh/id_rsa # buildkit"});
  img.empty_entries.push_back({1, "ARG TOKEN"});
  img.empty_entries.push_back({1, "ENV API_PASSWORD=" + k_env});
  img.config = {{"Env", {"PATH=/usr/bin:/bin", "API_PASSWORD=" + k_env}}, {"Cmd", {"sh"}}, {"User", "1000"}};
  return img;
}

std::string report_text(const ImageReport& r, const std::string& format, const CrossCheckOptions& cc = {}) {
  const CrossCheck check = image_findings(r, cc);
  std::ostringstream out;
  write_report(format, check.files, ReportOptions{}, out);
  return out.str();
}

const ImageLeak* find_leak(const ImageReport& r, std::string_view rule, std::string_view needle) {
  for (const ImageLeak& l : r.leaks) {
    if (l.rule->id == rule && (l.path == needle || l.name == needle || l.kind == needle)) return &l;
  }
  return nullptr;
}

void check_leaky(const ImageReport& r) {
  INFO(report_text(r, "text"));
  CHECK(r.errors.empty());
  REQUIRE(r.layers.size() == 3);
  CHECK(r.base_layers == 1);
  CHECK(r.base_reason == "history");
  const ImageLeak* arg = find_leak(r, "LL4001", "TOKEN");
  REQUIRE(arg);
  CHECK(arg->channel == ImageChannel::History);
  CHECK(arg->history == size_t{4});
  const ImageLeak* env = find_leak(r, "LL4002", "API_PASSWORD");
  REQUIRE(env);
  CHECK(env->channel == ImageChannel::Config);
  // The ENV's history entry holds the same value as the config: reported once, as config.
  CHECK(!find_leak(r, "LL4001", "API_PASSWORD"));
  const ImageLeak* key = find_leak(r, "LL4003", "/root/.ssh/id_rsa");
  REQUIRE(key);
  CHECK(key->channel == ImageChannel::Hidden);
  CHECK(key->layer == size_t{1});
  CHECK(key->hidden_by == size_t{2});
  const ImageLeak* npmrc = find_leak(r, "LL4003", "/root/.npmrc");
  REQUIRE(npmrc);
  CHECK(npmrc->channel == ImageChannel::Layer);
  CHECK(npmrc->kind == "npmrc");
  // The build argument's value written into a file of no secret name: found by its value.
  const ImageLeak* copied = find_leak(r, "LL4004", "/app/config.txt");
  REQUIRE(copied);
  CHECK(copied->kind == "known-value");
  // An .npmrc that only references a variable holds no secret.
  CHECK(!find_leak(r, "LL4003", "/app/.npmrc"));
  for (const std::string format : {"text", "json", "sarif", "github", "gcc", "checkstyle", "gitlab"}) {
    const std::string out = report_text(r, format);
    for (const std::string& secret : {k_token, k_env, k_npm, k_key}) {
      INFO(format);
      CHECK(out.find(secret) == std::string::npos);
    }
  }
}

}  // namespace

TEST_CASE("a docker save archive: history, config, visible and deleted files", "[image]") {
  TempDir dir("image-save");
  write_file(dir.path / "image.tar", docker_save(leaky_image()));
  const ImageReport r = scan_image({.path = (dir.path / "image.tar").string()});
  CHECK(r.format == "docker-save");
  check_leaky(r);
  // History entries are shown masked.
  for (const ImageHistoryEntry& h : r.history) CHECK(h.created_by.find(k_token) == std::string::npos);
}

TEST_CASE("an OCI layout directory, an OCI archive and a stream read the same", "[image]") {
  TempDir dir("image-oci");
  const auto members = oci_members(leaky_image());
  for (const TarMember& m : members) write_file(dir.path / "layout" / m.name, m.content);
  const ImageReport layout = scan_image({.path = (dir.path / "layout").string()});
  CHECK(layout.format == "oci-layout");
  check_leaky(layout);

  write_file(dir.path / "oci.tar", make_tar(members));
  const ImageReport archive = scan_image({.path = (dir.path / "oci.tar").string()});
  CHECK(archive.format == "oci-archive");
  check_leaky(archive);

  // A stream is read once: through a pipe, as `docker save NAME | layerlint image -` would.
  for (const std::string& which : {std::string("docker"), std::string("oci")}) {
    const std::string bytes = which == "docker" ? docker_save(leaky_image()) : make_tar(members);
    int fds[2];
    REQUIRE(pipe(fds) == 0);
    std::thread writer([&] {
      size_t at = 0;
      while (at < bytes.size()) {
        const ssize_t n = write(fds[1], bytes.data() + at, bytes.size() - at);
        if (n <= 0) break;
        at += static_cast<size_t>(n);
      }
      close(fds[1]);
    });
    ImageSource s;
    s.fd = fds[0];
    s.display = "<stdin>";
    // The config is in the stream after the layers; prefetched, as --docker does, so that the layer
    // with the build argument's value is searched for it.
    s.prefetched_config_json = image_config(leaky_image()).dump();
    const ImageReport streamed = scan_image(s);
    writer.join();
    close(fds[0]);
    INFO(which);
    check_leaky(streamed);
  }
}

TEST_CASE("a gzip-compressed docker save archive", "[image]") {
  TempDir dir("image-gz");
  // Recompress the outer archive: `docker save x | gzip > x.tar.gz`.
  std::vector<TarMember> outer = read_tar(docker_save(leaky_image()));
  write_file(dir.path / "image.tar.gz", make_tar(outer, "gzip"));
  check_leaky(scan_image({.path = (dir.path / "image.tar.gz").string()}));
}

TEST_CASE("a layer that occurs twice is a link to its first copy in docker save", "[image]") {
  TestImage img = leaky_image();
  std::string bytes = docker_save(img);
  // Rewrite: the third layer's member becomes a symbolic link to the second's, as docker save writes
  // a layer whose content repeats an earlier one.
  std::vector<TarMember> members = read_tar(bytes);
  const std::string second = std::string(63, 'b') + "1", third = std::string(63, 'c') + "2";
  for (TarMember& m : members) {
    if (m.name == third + "/layer.tar") m = {third + "/layer.tar", "../" + second + "/layer.tar", 'l'};
  }
  TempDir dir("image-dup");
  write_file(dir.path / "image.tar", make_tar(members));
  const ImageReport r = scan_image({.path = (dir.path / "image.tar").string()});
  INFO(report_text(r, "text"));
  CHECK(r.errors.empty());
  REQUIRE(r.layers.size() == 3);
  CHECK(r.layers[2].read);
  // Layer 3 now repeats layer 2: the key it held is there twice, and layer 3 "replaces" layer 2's copy.
  CHECK(find_leak(r, "LL4003", "/root/.ssh/id_rsa"));
}

TEST_CASE("an image without leaks gives no finding", "[image]") {
  TestImage img;
  img.layers.push_back({{{"etc/passwd", "root:x:0:0::/root:/bin/sh\n"}}, ""});
  img.layers.push_back(
      {{{"app/main.py", "print('hello')\nTOKEN = os.environ['TOKEN']\n"},
        {"root/.npmrc", "//registry.npmjs.org/:_authToken=${NPM_TOKEN}\n"},
        {"root/.ssh/known_hosts",
         "github.com ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIOMqqnkVzrm0SdG6UOoqKLsabgH5C9okWi0dh2l9GKJl\n"}},
       "RUN |1 TOKEN= /bin/sh -c npm ci # buildkit"});
  img.config = {{"Env", {"PATH=/usr/bin", "TOKEN_FILE=/run/secrets/token", "PASSWORD="}}};
  TempDir dir("image-clean");
  write_file(dir.path / "image.tar", docker_save(img));
  const ImageReport r = scan_image({.path = (dir.path / "image.tar").string()});
  INFO(report_text(r, "text"));
  CHECK(r.errors.empty());
  CHECK(r.leaks.empty());
}

TEST_CASE("base-image layers are reported apart, after the image's own", "[image]") {
  TestImage img = leaky_image();
  img.layers[0].files.push_back(
      {"etc/ssl/private/snakeoil.key",
       "-----BEGIN PRIVATE KEY-----\nMIIEvQIBADANBgkqhkiG9w0BAQEFAASCBKcwggSjAgEAAoIBAQC7\n-----END PRIVATE "
       "KEY-----\n"});
  TempDir dir("image-base");
  write_file(dir.path / "image.tar", docker_save(img));
  const ImageReport r = scan_image({.path = (dir.path / "image.tar").string()});
  REQUIRE(!r.leaks.empty());
  CHECK(r.leaks.back().base);
  CHECK(r.leaks.back().path == "/etc/ssl/private/snakeoil.key");
  CHECK(r.leaks.back().severity == Severity::Warning);
  CHECK(!r.leaks.front().base);
  // --base-layers overrides the history.
  ImageOptions o;
  o.base_layers = 2;
  const ImageReport r2 = scan_image({.path = (dir.path / "image.tar").string()}, o);
  CHECK(r2.base_layers == 2);
  CHECK(find_leak(r2, "LL4003", "/root/.ssh/id_rsa")->base);
  CHECK(report_text(r2, "text").find("[base image]") != std::string::npos);
}

TEST_CASE("bad images are errors naming the image and layer, never a crash", "[image]") {
  TempDir dir("image-bad");
  const std::string good = docker_save(leaky_image());
  auto scan_bytes = [&](const std::string& name, const std::string& bytes) {
    write_file(dir.path / name, bytes);
    return scan_image({.path = (dir.path / name).string()});
  };
  SECTION("truncated archive") {
    const ImageReport r = scan_bytes("t.tar", good.substr(0, good.size() / 2));
    CHECK(!r.errors.empty());
  }
  SECTION("every truncation point") {
    for (size_t cut = 0; cut < good.size(); cut += 997) (void)scan_bytes("cut.tar", good.substr(0, cut));
  }
  SECTION("a layer blob missing") {
    std::vector<TarMember> members = oci_members(leaky_image());
    members.erase(members.begin() + 2);  // the second layer's blob
    const ImageReport r = scan_bytes("missing.tar", make_tar(members));
    REQUIRE(!r.errors.empty());
    bool named = false;
    for (const ImageError& e : r.errors)
      named = named || (e.where.starts_with("layer 2") && e.message.find("missing") != std::string::npos);
    CHECK(named);
    // The other layers are still read.
    CHECK(find_leak(r, "LL4003", "/root/.npmrc"));
  }
  SECTION("member names that leave the root") {
    TestImage img = leaky_image();
    img.layers[2].files.push_back({"../../etc/cron.d/x", "evil"});
    img.layers[2].files.push_back({"/etc/abs", "evil"});
    const ImageReport r = scan_bytes("escape.tar", docker_save(img));
    bool reported = false;
    for (const ImageError& e : r.errors)
      reported = reported || e.message.find("leave the image root") != std::string::npos;
    CHECK(reported);
    CHECK(find_leak(r, "LL4003", "/root/.npmrc"));
  }
  SECTION("invalid JSON") {
    std::vector<TarMember> members = {{"manifest.json", "[{\"Config\": \"c.json\", \"Layers\": ["},
                                      {"c.json", "{"}};
    const ImageReport r = scan_bytes("json.tar", make_tar(members));
    CHECK(!r.errors.empty());
    std::vector<TarMember> members2 = {{"manifest.json", R"([{"Config": "c.json", "Layers": []}])"},
                                       {"c.json", "{nope"}};
    CHECK(!scan_bytes("json2.tar", make_tar(members2)).errors.empty());
  }
  SECTION("a digest that would name a path outside blobs/") {
    std::vector<TarMember> members = {
        {"index.json", R"({"manifests":[{"digest":"sha256:../../etc/passwd"}]})"}};
    CHECK(!scan_bytes("digest.tar", make_tar(members)).errors.empty());
  }
  SECTION("symlink loops are recorded, never followed") {
    TestImage img = leaky_image();
    img.layers[2].files.push_back({"a", "b", 'l'});
    img.layers[2].files.push_back({"b", "a", 'l'});
    check_leaky(scan_bytes("loop.tar", docker_save(img)));
  }
  SECTION("a compression bomb is stopped") {
    TestImage img;
    img.layers.push_back({{{"zeros", std::string(8u << 20, '\0')}}, ""});
    std::vector<TarMember> members = oci_members(img);
    write_file(dir.path / "bomb.tar", make_tar(members));
    ImageOptions o;
    o.bomb_floor = 1u << 20;
    o.max_ratio = 50;
    const ImageReport r = scan_image({.path = (dir.path / "bomb.tar").string()}, o);
    bool bomb = false;
    for (const ImageError& e : r.errors)
      bomb = bomb || e.message.find("compression bomb") != std::string::npos;
    CHECK(bomb);
  }
  SECTION("not an image at all") {
    CHECK(!scan_bytes("x.tar", "hello").errors.empty());
    CHECK(!scan_image({.path = (dir.path / "nonexistent").string()}).errors.empty());
  }
}

TEST_CASE("large text files are scanned up to the cap, binary files skipped", "[image]") {
  TestImage img;
  img.layers.push_back({{{"etc/hostname", "x\n"}}, ""});
  std::string big(3u << 20, 'a');
  const std::string line = "\nNPM=" + k_npm + "\n";
  big.replace(100, line.size(), line);       // within the cap: found
  big.replace(2u << 20, line.size(), line);  // past the cap: not read
  std::string binary = std::string(
                           "\x7f"
                           "ELF",
                           4) +
                       std::string(100, '\0') + k_npm;
  img.layers.push_back({{{"app/big.txt", big}, {"app/tool", binary}}, "COPY . /app # buildkit"});
  TempDir dir("image-big");
  write_file(dir.path / "image.tar", docker_save(img));
  const ImageReport r = scan_image({.path = (dir.path / "image.tar").string()});
  CHECK(find_leak(r, "LL4004", "/app/big.txt"));
  CHECK(!find_leak(r, "LL4004", "/app/tool"));
}

TEST_CASE("the Dockerfile cross-check maps leaks to instructions and judges the static findings", "[image]") {
  TempDir dir("image-cross");
  dir.write("Dockerfile",
            "FROM base\n"
            "ARG TOKEN\n"
            "ENV API_PASSWORD=" +
                k_env +
                "\n"
                "COPY id_rsa /root/.ssh/id_rsa\n"
                "RUN echo $TOKEN > /app/config.txt && rm /root/.ssh/id_rsa\n");
  dir.write("id_rsa", "x");
  write_file(dir.path / "image.tar", docker_save(leaky_image()));
  const ImageReport r = scan_image({.path = (dir.path / "image.tar").string()});
  CrossCheckOptions cc;
  cc.dockerfile = (dir.path / "Dockerfile").string();
  const CrossCheck check = image_findings(r, cc);
  REQUIRE(check.error.empty());
  REQUIRE(check.files.size() == 2);
  const FileReport& df = check.files[0];
  std::ostringstream text;
  write_report("text", check.files, ReportOptions{}, text);
  INFO(text.str());
  CHECK(text.str().find(k_env) == std::string::npos);
  // The build argument's leak is at the RUN (line 5), the key's at the COPY (line 4), the ENV's at line 3.
  auto at = [&](std::string_view rule, uint32_t line) {
    for (const Finding& f : df.findings) {
      if (f.rule_id == rule && f.range.begin.line == line) return true;
    }
    return false;
  };
  CHECK(at("LL4001", 5));
  CHECK(at("LL4003", 4));
  CHECK(at("LL4002", 3));
  CHECK(at("LL4004", 5));
  CHECK(check.confirmed >= 3);
  // The static findings come with the image's verdict.
  bool confirmed_arg = false;
  for (const Finding& f : df.findings) {
    if (f.rule_id == "LL1001") confirmed_arg = f.message.find("the image confirms it") != std::string::npos;
  }
  CHECK(confirmed_arg);
  // The image file keeps what has no instruction: nothing here but the base layer's (none).
  for (const Finding& f : check.files[1].findings) CHECK(f.message.starts_with("[base image]"));
}

TEST_CASE("weak names with a secret sink, and passwords on the commands the container runs", "[image]") {
  const std::string key = "pl4nt-weak-key-7c1e9a3f5b2d";
  const std::string pass = "Kq7vR2mXw9pL";
  TestImage img;
  img.layers.push_back({{{"etc/hostname", "x\n"}}, ""});
  img.layers.push_back(
      {{{"root/x", "y\n"}},
       "RUN |2 SSH_KEY_B64=" + key + " CACHE_KEY=" + key +
           "x /bin/sh -c echo \"$SSH_KEY_B64\" | base64 -d > /root/.ssh/id_rsa && make # buildkit"});
  img.layers.push_back({{{"root/y", "z\n"}},
                        "RUN |1 API_PASS=" + key + "y /bin/sh -c curl -u ci:$API_PASS https://x # buildkit"});
  img.empty_entries.push_back({3, "CMD [\"mysql\" \"-p" + pass + "\"]"});
  img.config = {
      {"Cmd", {"mysql", "-p" + pass}},
      {"Healthcheck", {{"Test", {"CMD-SHELL", "curl -u admin:" + pass + "h http://localhost/health"}}}},
      {"OnBuild", {"RUN wget --password=" + pass + "o https://repo/x"}}};
  TempDir dir("image-weak");
  write_file(dir.path / "image.tar", docker_save(img));
  const ImageReport r = scan_image({.path = (dir.path / "image.tar").string()});
  INFO(report_text(r, "text"));
  CHECK(find_leak(r, "LL4001", "SSH_KEY_B64"));
  CHECK(find_leak(r, "LL4001", "API_PASS"));
  CHECK(!find_leak(r, "LL4001", "CACHE_KEY"));  // a weak name that reaches no sink
  size_t runtime = 0;
  for (const ImageLeak& l : r.leaks) {
    if (l.rule->id == "LL4002" && l.kind == "command-line-credential") ++runtime;
  }
  CHECK(runtime == 3);
  // The CMD's history entry records the same password: the config finding names it.
  bool named = false;
  for (const ImageLeak& l : r.leaks) named = named || (l.config_field == "Cmd" && l.also_history);
  CHECK(named);
  const std::string out = report_text(r, "json");
  CHECK(out.find(pass) == std::string::npos);
  CHECK(out.find(key) == std::string::npos);
}

TEST_CASE("a value that several history entries record is shown redacted in each", "[image]") {
  // ARG NPM_TOKEN; ENV NPM_TOKEN=$NPM_TOKEN; RUN npm ci: the ENV entry, the RUN's build arguments and
  // the config all hold the value.
  const std::string token = "pl4nt-same-name-3e8b1c7d9a";
  TestImage img;
  img.layers.push_back({{{"etc/hostname", "x\n"}}, ""});
  img.layers.push_back({{{"app/x", "y\n"}}, "RUN |1 NPM_TOKEN=" + token + " /bin/sh -c npm ci # buildkit"});
  img.empty_entries.push_back({1, "ARG NPM_TOKEN"});
  img.empty_entries.push_back({1, "ENV NPM_TOKEN=" + token});
  img.config = {{"Env", {"NPM_TOKEN=" + token}}};
  TempDir dir("image-same-name");
  write_file(dir.path / "image.tar", docker_save(img));
  const ImageReport r = scan_image({.path = (dir.path / "image.tar").string()});
  CHECK(find_leak(r, "LL4001", "NPM_TOKEN"));
  CHECK(find_leak(r, "LL4002", "NPM_TOKEN"));
  for (const ImageHistoryEntry& h : r.history) CHECK(h.created_by.find(token) == std::string::npos);
  for (const std::string format : {"text", "json", "sarif", "github"})
    CHECK(report_text(r, format).find(token) == std::string::npos);
}

TEST_CASE("a file that holds a token the history also records is reported once for it", "[image]") {
  // RUN echo "token: ghp_…" > /data/config.yaml: the history records the token, the layer holds it.
  const std::string token = "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";  // a valid checksum
  TestImage img;
  img.layers.push_back({{{"etc/hostname", "x\n"}}, ""});
  img.layers.push_back({{{"data/config.yaml", "token: " + token + "\n"}},
                        "RUN /bin/sh -c echo \"token: " + token + "\" > /data/config.yaml # buildkit"});
  TempDir dir("image-once-per-file");
  write_file(dir.path / "image.tar", docker_save(img));
  const ImageReport r = scan_image({.path = (dir.path / "image.tar").string()});
  size_t in_file = 0;
  for (const ImageLeak& l : r.leaks) in_file += l.path == "/data/config.yaml" ? 1 : 0;
  CHECK(in_file == 1);
  CHECK(find_leak(r, "LL4001", "github-token"));
  for (const std::string format : {"text", "json", "sarif"})
    CHECK(report_text(r, format).find(token) == std::string::npos);
}
