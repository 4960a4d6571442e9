#include <doctest/doctest.h>

#include <map>
#include <string>

#include "jobkit/shipped_data.hpp"

namespace {

jobkit::EnvironmentLookup environment_of(std::map<std::string, std::string> values) {
  return [values = std::move(values)](std::string_view name) -> std::optional<std::string> {
    const auto found = values.find(std::string(name));
    if (found == values.end()) return std::nullopt;
    return found->second;
  };
}

constexpr jobkit::ShippedData k_templates{.tool = "send-notification", .folder = "templates", .variable = "TEMPLATES_DIR"};

}  // namespace

TEST_CASE("shipped_data_folder: installed - the folder under share/ beside bin/") {
  CHECK(jobkit::shipped_data_folder(k_templates, environment_of({}), "/usr/bin/send-notification") ==
        "/usr/share/jobkit/send-notification/templates");
}

TEST_CASE("shipped_data_folder: in a build tree - the same rule from build/bin") {
  CHECK(jobkit::shipped_data_folder(k_templates, environment_of({}), "/src/jobkit/build/bin/send-notification") ==
        "/src/jobkit/build/share/jobkit/send-notification/templates");
}

TEST_CASE("shipped_data_folder: the tool's environment variable overrides") {
  const auto environment = environment_of({{"TEMPLATES_DIR", "/srv/templates"}, {"PDF_TEMPLATES_DIR", "/srv/pdf"}});
  CHECK(jobkit::shipped_data_folder(k_templates, environment, "/usr/bin/send-notification") == "/srv/templates");
}

TEST_CASE("shipped_data_folder: an empty variable counts as unset") {
  CHECK(jobkit::shipped_data_folder(k_templates, environment_of({{"TEMPLATES_DIR", ""}}), "/usr/bin/send-notification") ==
        "/usr/share/jobkit/send-notification/templates");
}

TEST_CASE("shipped_data_folder: without the program path it is relative to the working directory") {
  CHECK(jobkit::shipped_data_folder(k_templates, environment_of({}), std::filesystem::path()) ==
        "../share/jobkit/send-notification/templates");
}

TEST_CASE("running_executable: the test program itself") {
  const auto executable = jobkit::running_executable();
  CHECK(executable.is_absolute());
  CHECK(executable.filename() == "common_tests");
}
