#include <doctest/doctest.h>

#include <filesystem>
#include <fstream>

#include <unistd.h>

#include "crontab_import.hpp"

using queue_runner::import_crontab;

namespace {

queue_runner::CrontabImportOptions crontab_options() {
  return {.tool_queues = queue_runner::default_tool_queues(), .tz = "Europe/Berlin"};
}

bool refused_for(const queue_runner::CrontabImport& imported, std::size_t line, const std::string& why) {
  const std::string prefix = "line " + std::to_string(line) + ": ";
  for (const auto& refused : imported.refused) {
    if (refused.starts_with(prefix) && refused.find(why) != std::string::npos) return true;
  }
  return false;
}

struct JobFile {
  std::filesystem::path path;
  explicit JobFile(const std::string& text)
      : path(std::filesystem::temp_directory_path() / ("crontab-import-" + std::to_string(::getpid()) + ".json")) {
    std::ofstream(path) << text;
  }
  ~JobFile() { std::filesystem::remove(path); }
};

}  // namespace

TEST_CASE("import-crontab: tool lines become entries with the data of their stdin file") {
  const JobFile rankings(R"({"scope": "all"})");
  const std::string crontab = "# jobkit on host app-1\n"
                              "MAILTO=ops@example.com\n"
                              "0 3 * * * /usr/bin/calc-rankings < " + rankings.path.string() + "\n"
                              "30 4 * * 1-5 JOBKIT_LOG=debug calc-badges <" + rankings.path.string() + " >> /var/log/badges.log 2>&1\n"
                              "@hourly cleanup --input " + rankings.path.string() + "\n"
                              "15 2 * * * root LANG=C /usr/bin/calc-rankings < " + rankings.path.string() + "\n"
                              "\n";
  const auto imported = import_crontab(crontab, crontab_options());
  REQUIRE(imported.entries.size() == 4);
  CHECK(imported.entries[0] == nlohmann::json{{"id", "calc-rankings"}, {"queue", "rankings"}, {"pattern", "0 3 * * *"},
                                              {"tz", "Europe/Berlin"}, {"name", "calc-rankings"},
                                              {"data", {{"scope", "all"}}}});
  CHECK(imported.entries[1]["queue"] == "badges");
  CHECK(imported.entries[1]["pattern"] == "30 4 * * 1-5");
  CHECK(imported.entries[2]["queue"] == "maintenance");
  CHECK(imported.entries[2]["pattern"] == "0 * * * *");
  CHECK(imported.entries[3]["id"] == "calc-rankings-2");
  CHECK(imported.entries[3]["pattern"] == "15 2 * * *");
  CHECK(refused_for(imported, 2, "environment setting"));
  CHECK(imported.refused.size() == 1);
  bool environment_note = false, user_environment_note = false, output_note = false, user_note = false;
  for (const auto& note : imported.notes) {
    environment_note |= note.find("JOBKIT_LOG=debug") != std::string::npos;
    user_environment_note |= note.find("LANG=C") != std::string::npos;
    output_note |= note.find("output redirection") != std::string::npos;
    user_note |= note.find("user root") != std::string::npos;
  }
  CHECK(environment_note);
  CHECK(user_environment_note);
  CHECK(output_note);
  CHECK(user_note);
}

TEST_CASE("import-crontab: lines it cannot map are listed with why") {
  const std::string crontab = "@reboot /usr/bin/calc-rankings\n"
                              "0 3 * * * cat /etc/jobkit/r.json | calc-rankings\n"
                              "0 3 * * * calc-rankings < /etc/x.json && calc-badges\n"
                              "0 3 * * * /usr/local/bin/backup.sh\n"
                              "0 3 * * * calc-rankings --dry-run\n"
                              "0 3 * * * calc-rankings < /nonexistent/jobkit.json\n"
                              "0 3 * *\n"
                              "0 3 * * * echo '{}' > /tmp/x\n"
                              "0 3 * * * calc-rankings < $HOME/r.json\n"
                              "61 3 * * * calc-rankings\n"
                              "@fortnightly calc-rankings\n"
                              "0 3 * * * calc-rankings &\n"
                              "0 3 * * * calc-rankings%scope=all\n";
  const auto imported = import_crontab(crontab, crontab_options());
  CHECK(imported.entries.empty());
  const std::pair<std::size_t, const char*> reasons[] = {
      {1, "@reboot"},          {2, "pipeline"},     {3, "command list"},
      {4, "backup.sh, which is not a jobkit tool"}, {5, "--dry-run"},
      {6, "cannot read its input /nonexistent/jobkit.json"},      {7, "five time fields"},
      {8, "quoting"},          {9, "expansion"},    {10, "not a pattern"},
      {11, "nickname"},        {12, "background"},  {13, "%"},
  };
  for (const auto& [line, why] : reasons) CHECK_MESSAGE(refused_for(imported, line, why), "line ", line, ": ", why);
  CHECK(imported.refused.size() == 13);
}

TEST_CASE("import-crontab: a line without input gets empty data and a note") {
  const auto imported = import_crontab("0 */6 * * * /opt/jobkit/bin/sync-sheets\n", crontab_options());
  REQUIRE(imported.entries.size() == 1);
  CHECK(imported.entries[0]["queue"] == "integrations");
  CHECK(imported.entries[0]["data"] == nlohmann::json::object());
  REQUIRE(imported.notes.size() == 1);
  CHECK(imported.notes[0].find("data is {}") != std::string::npos);
}
