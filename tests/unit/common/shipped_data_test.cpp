#include <doctest/doctest.h>

#include <string>

#include "jobkit/shipped_data.hpp"

namespace {

// An environment in which only variable is set (to value); nothing at all when variable is "".
jobkit::EnvironmentLookup only(std::string variable = "", std::string value = "") {
  return [variable, value](std::string_view name) -> std::optional<std::string> {
    if (variable.empty() || name != variable) return std::nullopt;
    return value;
  };
}

constexpr jobkit::ShippedData k_templates{.tool = "send-notification", .folder = "templates", .variable = "TEMPLATES_DIR"};

}  // namespace

TEST_CASE("shipped_data_folder: installed - the folder under share/ beside bin/") {
  CHECK(jobkit::shipped_data_folder(k_templates, only(), "/usr/bin/send-notification") ==
        "/usr/share/jobkit/send-notification/templates");
}

TEST_CASE("shipped_data_folder: in a build tree - the same rule from build/bin") {
  CHECK(jobkit::shipped_data_folder(k_templates, only(), "/src/jobkit/build/bin/send-notification") ==
        "/src/jobkit/build/share/jobkit/send-notification/templates");
}

TEST_CASE("shipped_data_folder: the tool's environment variable overrides") {
  CHECK(jobkit::shipped_data_folder(k_templates, only("TEMPLATES_DIR", "/srv/templates"), "/usr/bin/send-notification") ==
        "/srv/templates");
  // Another tool's variable is not this tool's.
  CHECK(jobkit::shipped_data_folder(k_templates, only("PDF_TEMPLATES_DIR", "/srv/pdf"), "/usr/bin/send-notification") ==
        "/usr/share/jobkit/send-notification/templates");
}

TEST_CASE("shipped_data_folder: an empty variable counts as unset") {
  CHECK(jobkit::shipped_data_folder(k_templates, only("TEMPLATES_DIR", ""), "/usr/bin/send-notification") ==
        "/usr/share/jobkit/send-notification/templates");
}

TEST_CASE("shipped_data_folder: without the program path it is relative to the working directory") {
  CHECK(jobkit::shipped_data_folder(k_templates, only(), std::filesystem::path()) ==
        "../share/jobkit/send-notification/templates");
}

TEST_CASE("running_executable: the test program itself") {
  const auto executable = jobkit::running_executable();
  CHECK(executable.is_absolute());
  CHECK(executable.filename() == "common_tests");
}
