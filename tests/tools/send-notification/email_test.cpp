// send-notification as a process against real SMTP servers (aiosmtpd): every delivered
// message is read back with Python's email parser, an independent MIME implementation.
#include <signal.h>

#include <doctest/doctest.h>

#include <fstream>
#include <set>
#include <thread>

#include "jobkit/redis_connection.hpp"
#include "services.hpp"
#include "smtp_fixture.hpp"

using nlohmann::json;
using namespace send_notification_test;
using jobkit::testing::ChildProcess;
using jobkit::testing::run_process;
using jobkit::testing::required_service_variable;
using jobkit::testing::TempDir;

namespace {

// The delivered messages whose envelope recipient is address (the maildir is shared).
std::vector<json> messages_to(const std::filesystem::path& maildir, const std::string& address,
                              const std::filesystem::path& dkim_key = {}) {
  std::vector<json> found;
  for (const auto& file : delivered_messages(maildir)) {
    if (envelope_recipient(file) == address) found.push_back(parse_delivered(file, dkim_key));
  }
  return found;
}

}  // namespace

TEST_CASE("email through the plain SMTP server arrives with both parts the attachment and encoded headers") {
  const auto smtp_url = required_service_variable("SMTP_URL");
  const std::filesystem::path maildir = required_service_variable("JOBKIT_TEST_MAILDIR");
  // scripts/test creates the folder before aiosmtpd starts, and Python's Maildir then skips
  // making its tmp/new/cur subfolders, so every delivery would fail with 500.
  for (const char* sub : {"tmp", "new", "cur"}) std::filesystem::create_directories(maildir / sub);
  TempDir storage;
  std::string pdf = "%PDF-1.4\n";
  for (int i = 0; i < 5000; ++i) pdf += static_cast<char>(i % 256);
  write_file(storage.path() / "docs/invoice.pdf", pdf);
  const auto address = "plain-" + unique_token() + "@example.com";
  auto job = pdf_ready_job(address);
  job["attachments"] = {{{"path", "docs/invoice.pdf"}, {"filename", "Rechnung \xC3\xA9t\xC3\xA9.pdf"},
                         {"content_type", "application/pdf"}}};
  job["list_unsubscribe"] = {{"url", "https://jobkit.example/unsubscribe/42"}};
  job["idempotency_key"] = "plain-" + unique_token();

  const auto result = run_tool(job, {"SMTP_URL=" + smtp_url, "STORAGE_DIR=" + storage.path().string()}, {"REDIS_URL"});
  REQUIRE_MESSAGE(result.exit_code == 0, (result.out + result.err));
  const auto output = json::parse(result.out);
  CHECK(output["sent"].size() == 1);

  const auto messages = messages_to(maildir, address);
  REQUIRE(messages.size() == 1);
  const auto& message = messages[0];
  CHECK(message["headers"]["Subject"] == "Your Rechnung M\xC3\xA4rz \xE2\x82\xAC 2026 \xF0\x9F\x93\x84 is ready");
  CHECK(message["headers"]["From"] == "J\xC3\xB6" "bkit <no-reply@jobkit.example>");
  CHECK(message["headers"]["To"].get<std::string>().find("<" + address + ">") != std::string::npos);
  CHECK(message["headers"]["Message-ID"] == output["sent"][0]["id"]);
  CHECK(message["headers"]["List-Unsubscribe"] == "<https://jobkit.example/unsubscribe/42>");
  CHECK(message["headers"]["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click");
  CHECK(message["headers"].contains("Date"));
  CHECK(message["content_type"] == "multipart/mixed");
  CHECK(message["text"].get<std::string>().find("Hi Ren\xC3\xA9" "e <b>,") != std::string::npos);
  CHECK(message["html"].get<std::string>().find("Hi Ren\xC3\xA9" "e &lt;b&gt;,") != std::string::npos);
  CHECK(message["html"].get<std::string>().find("href=\"https://jobkit.example/d/1?a=1&amp;b=2\"") != std::string::npos);
  REQUIRE(message["attachments"].size() == 1);
  CHECK(message["attachments"][0]["filename"] == "Rechnung \xC3\xA9t\xC3\xA9.pdf");
  CHECK(message["attachments"][0]["content_type"] == "application/pdf");
  CHECK(message["attachments"][0]["base64"] == send_notification_test::base64(pdf));
  CHECK(message["seven_bit"] == true);
  CHECK(message["max_line_length"].get<int>() <= 78);
}

TEST_CASE("email with STARTTLS required goes out encrypted and an untrusted certificate is a temporary failure") {
  TempDir certificates;
  make_test_certificate(certificates.path());
  TestSmtpServer server({.cert = certificates.path() / "cert.pem", .key = certificates.path() / "key.pem"});
  const auto address = "tls-" + unique_token() + "@example.com";
  const auto job = pdf_ready_job(address);

  auto result = run_tool(job, {"SMTP_URL=" + server.url(), "SMTP_STARTTLS=required"}, {"REDIS_URL"});
  CHECK_MESSAGE(result.exit_code == 75, (result.out + result.err));
  CHECK(messages_to(server.maildir(), address).empty());

  result = run_tool(job, {"SMTP_URL=" + server.url(), "SMTP_STARTTLS=required",
                          "SMTP_CA_FILE=" + (certificates.path() / "cert.pem").string()},
                    {"REDIS_URL"});
  REQUIRE_MESSAGE(result.exit_code == 0, (result.out + result.err));
  CHECK(messages_to(server.maildir(), address).size() == 1);
}

TEST_CASE("email with AUTH delivers with the right password and refuses a wrong one with 69") {
  TempDir certificates;
  make_test_certificate(certificates.path());
  TestSmtpServer server(
      {.cert = certificates.path() / "cert.pem", .key = certificates.path() / "key.pem", .auth = "mailer:s3cret"});
  const auto address = "auth-" + unique_token() + "@example.com";
  const auto job = pdf_ready_job(address);
  const std::vector<std::string> tls = {"SMTP_URL=" + server.url(), "SMTP_STARTTLS=required",
                                        "SMTP_CA_FILE=" + (certificates.path() / "cert.pem").string()};

  auto environment = tls;
  environment.insert(environment.end(), {"SMTP_USER=mailer", "SMTP_PASSWORD=wrong-password"});
  auto result = run_tool(job, environment, {"REDIS_URL"});
  CHECK_MESSAGE(result.exit_code == 69, (result.out + result.err));
  CHECK(result.out.find("wrong-password") == std::string::npos);
  CHECK(result.err.find("wrong-password") == std::string::npos);

  result = run_tool(job, tls, {"REDIS_URL"});
  CHECK_MESSAGE(result.exit_code == 69, (result.out + result.err));

  environment = tls;
  environment.insert(environment.end(), {"SMTP_USER=mailer", "SMTP_PASSWORD=s3cret"});
  result = run_tool(job, environment, {"REDIS_URL"});
  REQUIRE_MESSAGE(result.exit_code == 0, (result.out + result.err));
  CHECK(result.out.find("s3cret") == std::string::npos);
  CHECK(messages_to(server.maildir(), address).size() == 1);
}

TEST_CASE("a DKIM signature covering the unsubscribe headers verifies with the public key") {
  TempDir keys;
  make_rsa_key_pair(keys.path());
  TestSmtpServer server;
  const auto address = "dkim-" + unique_token() + "@example.com";
  auto job = pdf_ready_job(address);
  job["list_unsubscribe"] = {{"url", "https://jobkit.example/u/1"}, {"mailto", "unsubscribe@jobkit.example"}};
  const auto result = run_tool(job,
                               {"SMTP_URL=" + server.url(), "DKIM_PRIVATE_KEY_FILE=" + (keys.path() / "private.pem").string(),
                                "DKIM_DOMAIN=jobkit.example", "DKIM_SELECTOR=mail2026"},
                               {"REDIS_URL"});
  REQUIRE_MESSAGE(result.exit_code == 0, (result.out + result.err));
  const auto messages = messages_to(server.maildir(), address, keys.path() / "public.pem");
  REQUIRE(messages.size() == 1);
  CHECK(messages[0]["dkim_valid"] == true);
  const auto signature = messages[0]["headers"]["DKIM-Signature"].get<std::string>();
  CHECK(signature.find("list-unsubscribe:list-unsubscribe-post") != std::string::npos);
  CHECK(signature.find("c=relaxed/relaxed") != std::string::npos);
}

TEST_CASE("a recipient refused with 550 fails alone while the others are sent") {
  TestSmtpServer server({.reject_prefix = "bounce"});
  auto job = pdf_ready_job("first@example.com");
  job["recipients"].push_back({{"email", "bounce@example.com"}, {"data", job["recipients"][0]["data"]}});
  job["recipients"].push_back({{"email", "last@example.com"}, {"data", job["recipients"][0]["data"]}});
  const auto result = run_tool(job, {"SMTP_URL=" + server.url()}, {"REDIS_URL"});
  REQUIRE_MESSAGE(result.exit_code == 0, (result.out + result.err));
  const auto output = json::parse(result.out);
  CHECK(output["sent"].size() == 2);
  REQUIRE(output["failed"].size() == 1);
  CHECK(output["failed"][0]["recipient"] == "bounce@example.com");
  CHECK(output["failed"][0]["provider_code"] == 550);
  CHECK(delivered_messages(server.maildir()).size() == 2);
}

TEST_CASE("a refused connection is a temporary failure listing the recipients left") {
  const auto result = run_tool(pdf_ready_job("ann@example.com"),
                               {"SMTP_URL=smtp://127.0.0.1:" + std::to_string(free_port())}, {"REDIS_URL"});
  CHECK(result.exit_code == 75);
  const auto error = json::parse(result.out)["error"];
  CHECK(error["message"].get<std::string>().find("1 of 1 recipients left to retry") != std::string::npos);
  CHECK(error["field"] == "/recipients/0");
}

TEST_CASE("a job killed halfway through 100 recipients and run again until done sends each message exactly once") {
  const auto redis_url = required_service_variable("REDIS_URL");
  TempDir flags;
  const auto hold_flag = flags.path() / "hold";
  write_file(hold_flag, "");
  TestSmtpServer server({.hold_after = 50, .hold_flag = hold_flag});
  json job = {{"idempotency_key", "kill-rerun-" + unique_token()},
              {"from", {{"email", "no-reply@jobkit.example"}}},
              {"content", {{"subject", "Hello {{name}}"}, {"text", "Dear {{name}}, number {{n}}."}}},
              {"recipients", json::array()}};
  for (int i = 0; i < 100; ++i) {
    job["recipients"].push_back({{"email", "r" + std::to_string(i) + "@example.com"},
                                 {"data", {{"name", "R" + std::to_string(i)}, {"n", i}}}});
  }
  const std::vector<std::string> environment = {"SMTP_URL=" + server.url(), "REDIS_URL=" + redis_url};
  {
    ChildProcess first({.argv = {jobkit::testing::built_program("send-notification").string()},
                        .input = job.dump(),
                        .environment = environment,
                        .unset = {"JOB_ID"}});
    // Killed while message 51 is held unanswered: the sender has recorded the first 50 (it
    // records each before it sends the next). Killing once 50 are saved would race with
    // the recording of the 50th, the one window where a crash may still send twice.
    const auto held = std::filesystem::path(hold_flag.string() + ".held");
    for (int tries = 0; tries < 1000 && !std::filesystem::exists(held); ++tries) {
      std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
    REQUIRE(std::filesystem::exists(held));
    REQUIRE(delivered_messages(server.maildir()).size() == 50);
    first.send_signal(SIGKILL);
    CHECK(first.wait().signal == SIGKILL);
  }
  std::filesystem::remove(hold_flag);

  // The killed run still holds its claim on r50, whose message never went out: the re-run
  // sends the 49 after it and leaves r50 until the claim expires.
  auto result = run_tool(job, environment);
  REQUIRE_MESSAGE(result.exit_code == 75, (result.out + result.err));
  const auto error = json::parse(result.out)["error"];
  CHECK(error["field"] == "/recipients/50");
  CHECK(error["message"].get<std::string>().find("1 of 100 recipients left to retry (49 sent, 50 skipped") !=
        std::string::npos);
  CHECK(error["message"].get<std::string>().find("another run of this job is sending to it") != std::string::npos);
  CHECK(error["retry_after_seconds"].get<int>() > 0);
  CHECK(error["retry_after_seconds"].get<int>() <= 300);

  // The claim expiring, without waiting for it.
  auto redis = jobkit::RedisConnection::from_environment(jobkit::process_environment());
  REQUIRE(redis);
  const std::string claim_key = "jobkit:notification:sent:" + job["idempotency_key"].get<std::string>() + ":email:r50@example.com";
  REQUIRE(redis->command({"DEL", claim_key}));

  result = run_tool(job, environment);
  REQUIRE_MESSAGE(result.exit_code == 0, (result.out + result.err));
  const auto output = json::parse(result.out);
  CHECK(output["skipped"].size() == 99);
  CHECK(output["sent"].size() == 1);

  std::multiset<std::string> recipients;
  for (const auto& file : delivered_messages(server.maildir())) recipients.insert(envelope_recipient(file));
  CHECK(recipients.size() == 100);
  for (int i = 0; i < 100; ++i) CHECK(recipients.count("r" + std::to_string(i) + "@example.com") == 1);
}

TEST_CASE("hostile email jobs get clear errors naming the field") {
  TempDir storage;
  TempDir templates;
  const std::vector<std::string> environment = {"SMTP_URL=smtp://127.0.0.1:9", "STORAGE_DIR=" + storage.path().string()};
  auto job = pdf_ready_job("ann@example.com");

  SUBCASE("a 30 MB attachment is over the cap") {
    write_file(storage.path() / "big.bin", std::string(30 * 1024 * 1024, 'x'));
    job["attachments"] = {{{"path", "big.bin"}}};
    const auto result = run_tool(job, environment);
    CHECK(result.exit_code == 65);
    CHECK(json::parse(result.out)["error"]["field"] == "/attachments/0/path");
  }
  SUBCASE("a mistyped attachment limit is a configuration error not the default") {
    write_file(storage.path() / "small.bin", "x");
    job["attachments"] = {{{"path", "small.bin"}}};
    for (const std::string limit : {"25MB", "-1", "0", ""}) {
      auto with_limit = environment;
      with_limit.push_back("NOTIFICATION_MAX_ATTACHMENT_BYTES=" + limit);
      const auto result = run_tool(job, with_limit);
      CHECK_MESSAGE(result.exit_code == 64, limit);
      CHECK(json::parse(result.out)["error"]["message"].get<std::string>().find("NOTIFICATION_MAX_ATTACHMENT_BYTES") !=
            std::string::npos);
    }
  }
  SUBCASE("an attachment outside STORAGE_DIR is forbidden") {
    job["attachments"] = {{{"path", "../../etc/passwd"}}};
    const auto result = run_tool(job, environment);
    CHECK(result.exit_code == 77);
    CHECK(json::parse(result.out)["error"]["field"] == "/attachments/0/path");
  }
  SUBCASE("a missing template variable is named") {
    job["recipients"][0]["data"].erase("download_url");
    const auto result = run_tool(job, environment);
    CHECK(result.exit_code == 65);
    const auto error = json::parse(result.out)["error"];
    CHECK(error["field"] == "/recipients/0/data");
    CHECK(error["message"].get<std::string>().find("\"download_url\" is missing") != std::string::npos);
  }
  SUBCASE("an unknown template") {
    job["template"] = "no-such-template";
    const auto result = run_tool(job, environment);
    CHECK(result.exit_code == 65);
    CHECK(json::parse(result.out)["error"]["field"] == "/template");
  }
  SUBCASE("a subject that renders to a header injection") {
    job.erase("template");
    job["content"] = {{"subject", "Hi {{first_name}}"}, {"text", "x"}};
    job["recipients"][0]["data"]["first_name"] = "Ann\r\nBcc: victim@example.com";
    const auto result = run_tool(job, environment);
    CHECK(result.exit_code == 65);
    CHECK(json::parse(result.out)["error"]["message"].get<std::string>().find("line break") != std::string::npos);
  }
  SUBCASE("a line break written in the inline subject itself is named there - not in the data") {
    job.erase("template");
    job["content"] = {{"subject", "Hi\r\nBcc: victim@example.com"}, {"text", "x"}};
    const auto result = run_tool(job, environment);
    CHECK(result.exit_code == 65);
    CHECK(json::parse(result.out)["error"]["field"] == "/content/subject");
  }
  SUBCASE("a section never closed or nested too deep in the inline text is named there - not in the data") {
    job.erase("template");
    std::string deep;
    for (int i = 0; i < 40; ++i) deep += "{{#a}}";
    for (int i = 0; i < 40; ++i) deep += "{{/a}}";
    for (const auto& [part, text] : {std::pair<std::string, std::string>{"text", "Hi {{#open}} and never closed"},
                                     {"html", deep}}) {
      CAPTURE(part);
      job["content"] = {{"subject", "s"}, {"text", "x"}};
      job["content"][part] = text;
      const auto result = run_tool(job, environment);
      CHECK(result.exit_code == 65);
      CHECK(json::parse(result.out)["error"]["field"] == "/content/" + part);
    }
  }
  SUBCASE("template recursion through partials") {
    write_file(templates.path() / "partials/loop.mustache", "again {{> loop}}");
    write_file(templates.path() / "looping/subject.mustache", "s");
    write_file(templates.path() / "looping/text.mustache", "{{> loop}}");
    job["template"] = "looping";
    auto with_templates = environment;
    with_templates.push_back("TEMPLATES_DIR=" + templates.path().string());
    const auto result = run_tool(job, with_templates);
    CHECK(result.exit_code == 65);
    CHECK(json::parse(result.out)["error"]["message"].get<std::string>().find("deeper than 16") != std::string::npos);
  }
}

TEST_CASE("dry run renders every message and sends nothing") {
  TestSmtpServer server;
  const auto result = run_process({.argv = {jobkit::testing::built_program("send-notification").string(), "--dry-run"},
                                   .input = pdf_ready_job("ann@example.com").dump(),
                                   .environment = {"SMTP_URL=" + server.url(), "TEMPLATES_DIR=" + shipped_templates().string()},
                                   .unset = {"REDIS_URL"}});
  REQUIRE_MESSAGE(result.exit_code == 0, (result.out + result.err));
  CHECK(json::parse(result.out)["dry_run"] == true);
  CHECK(delivered_messages(server.maildir()).empty());
}

TEST_CASE("without TEMPLATES_DIR the built program finds the templates shipped beside its bin folder") {
  TestSmtpServer server;
  const auto result = run_process({.argv = {jobkit::testing::built_program("send-notification").string()},
                                   .input = pdf_ready_job("ann@example.com").dump(),
                                   .environment = {"SMTP_URL=" + server.url()},
                                   .unset = {"TEMPLATES_DIR", "REDIS_URL", "JOB_ID", "DKIM_PRIVATE_KEY_FILE",
                                             "SMTP_USER", "SMTP_PASSWORD", "SMTP_STARTTLS", "JOB_PROGRESS_FD"}});
  REQUIRE_MESSAGE(result.exit_code == 0, (result.out + result.err));
  const auto messages = delivered_messages(server.maildir());
  REQUIRE(messages.size() == 1);
  const auto message = parse_delivered(messages.front());
  // The shipped pdf-ready template's subject and text, filled from the recipient's data.
  CHECK(message["headers"]["Subject"] ==
        "Your Rechnung M\xC3\xA4rz \xE2\x82\xAC 2026 \xF0\x9F\x93\x84 is ready");
  CHECK(message["text"].get<std::string>().find("Hi Ren\xC3\xA9" "e <b>,") != std::string::npos);
}
