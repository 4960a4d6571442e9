#include <doctest/doctest.h>

#include <string>
#include <vector>

#include "jobkit/json_fields.hpp"

using jobkit::ExitCode;
using jobkit::JsonObject;
using nlohmann::json;

namespace {

struct Recipient {
  std::string email;
  std::string name;
};

struct Message {
  std::string subject;
  std::int64_t priority = 0;
  bool urgent = false;
  std::vector<Recipient> recipients;
};

jobkit::Result<Message> read_message(const json& document) {
  return jobkit::read_fields<Message>(document, [](JsonObject& root) {
    Message message;
    message.subject = root.required("subject").as_string({.min_length = 1, .max_length = 20});
    message.priority = root.optional("priority").integer_or(5, {1, 10});
    message.urgent = root.optional("urgent").bool_or(false);
    for (const auto& item : root.required("recipients").as_array(3)) {
      auto object = item.as_object();
      message.recipients.push_back(
          {object.required("email").as_string(), object.optional("name").string_or("")});
    }
    return message;
  });
}

}  // namespace

TEST_CASE("read_fields: a valid document becomes the struct") {
  const auto message = read_message(json::parse(
      R"({"subject":"Hi","priority":7,"recipients":[{"email":"a@x.io"},{"email":"b@x.io","name":"B"}]})"));
  REQUIRE(message.ok());
  CHECK(message->subject == "Hi");
  CHECK(message->priority == 7);
  CHECK_FALSE(message->urgent);
  REQUIRE(message->recipients.size() == 2);
  CHECK(message->recipients[1].name == "B");
}

TEST_CASE("read_fields: a wrong type deep in an array names its JSON Pointer") {
  const auto message = read_message(json::parse(
      R"({"subject":"Hi","recipients":[{"email":"a@x.io"},{"email":"b@x.io"},{"email":42}]})"));
  REQUIRE_FALSE(message.ok());
  CHECK(message.error().exit_code == ExitCode::invalid_data);
  CHECK(message.error().field == "/recipients/2/email");
  CHECK(message.error().message == "/recipients/2/email: expected a string, got number 42");
}

TEST_CASE("read_fields: unknown fields are errors - at any depth") {
  const auto message = read_message(json::parse(
      R"({"subject":"Hi","recipients":[{"email":"a@x.io","emial":"typo"}],"sujbect":"x"})"));
  REQUIRE_FALSE(message.ok());
  std::vector<std::string> fields;
  for (const auto& problem : message.error().details) fields.push_back(problem.field);
  CHECK(fields == std::vector<std::string>{"/recipients/0/emial", "/sujbect"});
  CHECK(message.error().details[0].message == "unknown field");
}

TEST_CASE("read_fields: every problem is reported - the first one in field") {
  const auto message = read_message(json::parse(R"({"priority":11,"urgent":"yes","recipients":{}})"));
  REQUIRE_FALSE(message.ok());
  const auto& error = message.error();
  CHECK(error.field == "/subject");
  REQUIRE(error.details.size() == 4);
  CHECK(error.details[0].message == "is required");
  CHECK(error.details[1].field == "/priority");
  CHECK(error.details[1].message == "must be between 1 and 10, got 11");
  CHECK(error.details[2].message == "expected true or false, got string");
  CHECK(error.details[3].message == "expected an array, got object");
  CHECK(error.message.find("(and 3 more problems)") != std::string::npos);
  const json body = jobkit::to_json(error);
  CHECK(body["error"]["field"] == "/subject");
  CHECK(body["error"]["details"].size() == 4);
}

TEST_CASE("read_fields: limits on strings - arrays and integers") {
  auto message = read_message(json::parse(R"({"subject":"","recipients":[]})"));
  REQUIRE_FALSE(message.ok());
  CHECK(message.error().message == "/subject: must not be empty");

  message = read_message(json::parse(
      R"({"subject":"x","recipients":[{"email":"a"},{"email":"b"},{"email":"c"},{"email":"d"}]})"));
  REQUIRE_FALSE(message.ok());
  CHECK(message.error().message == "/recipients: must have at most 3 items, got 4");

  message = read_message(json::parse(R"({"subject":"x","priority":18446744073709551615,"recipients":[]})"));
  REQUIRE_FALSE(message.ok());
  CHECK(message.error().field == "/priority");

  message = read_message(json::parse(R"({"subject":"x","priority":2.5,"recipients":[]})"));
  REQUIRE_FALSE(message.ok());
  CHECK(message.error().message == "/priority: expected an integer, got number 2.5");

  message = read_message(json::parse(R"({"subject":"x","priority":3.0,"recipients":[]})"));
  CHECK(message.ok());
}

TEST_CASE("append_pointer escapes '~' and '/' (RFC 6901)") {
  CHECK(jobkit::append_pointer("", "a/b") == "/a~1b");
  CHECK(jobkit::append_pointer("/x", "~c") == "/x/~0c");
  CHECK(jobkit::append_pointer("/list", std::size_t{3}) == "/list/3");
}

TEST_CASE("JsonObject::members reads maps and marks every member known") {
  jobkit::FieldProblems problems;
  const json document = json::parse(R"({"vars":{"name":"Ann","city":"Łódź"}})");
  {
    JsonObject root(&document, "", problems);
    auto vars = root.required("vars").as_object();
    const auto members = vars.members();
    REQUIRE(members.size() == 2);
    CHECK(members[0].second.pointer() == "/vars/city");
  }
  CHECK(problems.empty());
}
