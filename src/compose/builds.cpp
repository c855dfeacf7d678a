#include <string_view>
#include <system_error>

#include "layerlint/compose.hpp"

namespace layerlint {
namespace {

// Git and HTTP(S) contexts are fetched by the builder; there is no local Dockerfile to lint.
bool is_remote_context(std::string_view context) {
  return context.find("://") != std::string_view::npos || context.starts_with("git@") ||
         context.starts_with("github.com/");
}

std::filesystem::path absolute_normal(const std::filesystem::path& p) {
  std::error_code ec;
  std::filesystem::path abs = std::filesystem::absolute(p, ec);
  if (ec) abs = p;
  abs = abs.lexically_normal();
  // "/srv/project/." normalises to "/srv/project/": drop the trailing separator.
  if (abs.has_relative_path() && abs.filename().empty()) abs = abs.parent_path();
  return abs;
}

}  // namespace

std::vector<ComposeBuild> compose_builds(const ComposeFile& compose,
                                         const std::filesystem::path& compose_dir) {
  std::vector<ComposeBuild> out;
  const std::filesystem::path base = absolute_normal(compose_dir.empty() ? "." : compose_dir);
  for (const ComposeService& service : compose.services) {
    if (!service.build) continue;
    const ServiceBuild& build = *service.build;
    ComposeBuild resolved;
    resolved.service = service.name.value;
    const std::string context = build.context ? build.context->value : ".";
    if (is_remote_context(context)) {
      resolved.remote_context = context;
    } else {
      resolved.context = absolute_normal(base / (context.empty() ? "." : context));
    }
    if (build.dockerfile_inline) {
      resolved.dockerfile_inline = build.dockerfile_inline->value;
    } else if (resolved.remote_context.empty()) {
      const std::string dockerfile =
          build.dockerfile && !build.dockerfile->value.empty() ? build.dockerfile->value : "Dockerfile";
      // operator/ keeps an absolute dockerfile path as it is.
      resolved.dockerfile = (resolved.context / dockerfile).lexically_normal();
    }
    if (build.target) resolved.target = build.target->value;
    if (build.network) resolved.network = build.network->value;
    for (const ComposeBuildArg& arg : build.args) {
      std::optional<std::string> value;
      if (arg.value && !has_interpolation(arg.value->value)) value = arg.value->value;
      resolved.args.insert_or_assign(arg.name.value, std::move(value));
    }
    out.push_back(std::move(resolved));
  }
  return out;
}

}  // namespace layerlint
