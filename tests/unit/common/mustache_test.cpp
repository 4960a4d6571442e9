// Mustache rendering: the spec's behaviour for what we support, and our stricter errors.
#include "jobkit/mustache.hpp"

#include <doctest/doctest.h>

#include <algorithm>
#include <map>

using jobkit::Escaping;
using jobkit::render_mustache;
using nlohmann::json;

namespace {

std::string render(std::string_view text, const json& data, Escaping escaping = Escaping::html,
                   const jobkit::PartialLookup& partials = {}) {
  auto rendered = render_mustache(text, data, escaping, partials);
  REQUIRE_MESSAGE(rendered.ok(), (rendered.ok() ? "" : rendered.error().message));
  return rendered.value();
}

std::string render_error(std::string_view text, const json& data, const jobkit::PartialLookup& partials = {}) {
  auto rendered = render_mustache(text, data, Escaping::html, partials);
  REQUIRE_FALSE(rendered.ok());
  CHECK(rendered.error().exit_code == jobkit::ExitCode::invalid_data);
  return rendered.error().message;
}

}  // namespace

TEST_CASE("mustache variables are escaped for HTML and left alone for text") {
  const json data = {{"name", "Tom & \"Jerry\" <b>'s"}};
  CHECK(render("Hi {{name}}!", data) == "Hi Tom &amp; &quot;Jerry&quot; &lt;b&gt;&#39;s!");
  CHECK(render("Hi {{name}}!", data, Escaping::none) == "Hi Tom & \"Jerry\" <b>'s!");
  CHECK(render("{{{name}}}|{{& name}}", data) == "Tom & \"Jerry\" <b>'s|Tom & \"Jerry\" <b>'s");
  CHECK(render("{{ n }} {{f}} {{t}} {{z}}", {{"n", 42}, {"f", 1.5}, {"t", true}, {"z", nullptr}}) == "42 1.5 true ");
}

TEST_CASE("mustache dotted names resolve through the context stack") {
  const json data = {{"user", {{"name", "Ann"}, {"address", {{"city", "Oslo"}}}}}, {"site", "jobkit"}};
  CHECK(render("{{user.name}} in {{user.address.city}}", data) == "Ann in Oslo");
  CHECK(render("{{#user}}{{name}} at {{site}}{{/user}}", data) == "Ann at jobkit");
  CHECK(render_error("{{user.phone}}", data).find("\"user.phone\" is missing") != std::string::npos);
}

TEST_CASE("mustache sections over lists objects and booleans") {
  const json data = {{"items", {{{"n", 1}}, {{"n", 2}}}}, {"words", {"a", "b"}}, {"yes", true}, {"no", false},
                     {"empty", json::array()}};
  CHECK(render("{{#items}}<{{n}}>{{/items}}", data) == "<1><2>");
  CHECK(render("{{#words}}{{.}},{{/words}}", data) == "a,b,");
  CHECK(render("{{#yes}}Y{{/yes}}{{#no}}N{{/no}}{{#empty}}E{{/empty}}", data) == "Y");
  CHECK(render("{{^no}}not{{/no}}{{^empty}} none{{/empty}}{{^yes}}X{{/yes}}", data) == "not none");
}

TEST_CASE("mustache standalone tags remove their lines and comments render nothing") {
  const json data = {{"items", {"a", "b"}}};
  CHECK(render("List:\n  {{#items}}\n  - {{.}}\n  {{/items}}\n{{! a comment }}\nEnd\n", data) ==
        "List:\n  - a\n  - b\nEnd\n");
  CHECK(render("a {{! inline }}b", data) == "a b");
}

TEST_CASE("mustache partials share a layout and are limited in depth") {
  const std::map<std::string, std::string, std::less<>> partials = {
      {"header", "== {{title}} ==\n"}, {"loop", "{{> loop}}"}};
  const jobkit::PartialLookup lookup = [&](std::string_view name) -> std::optional<std::string> {
    const auto found = partials.find(name);
    if (found == partials.end()) return std::nullopt;
    return found->second;
  };
  CHECK(render("{{> header}}\nbody", {{"title", "T"}}, Escaping::html, lookup) == "== T ==\nbody");
  CHECK(render_error("{{> footer}}", json::object(), lookup).find("unknown partial \"footer\"") != std::string::npos);
  CHECK(render_error("{{> loop}}", json::object(), lookup).find("deeper than 16") != std::string::npos);
  CHECK(render_error("{{> header}}", json::object()).find("unknown partial") != std::string::npos);
}

TEST_CASE("mustache template errors name what is wrong") {
  CHECK(render_error("{{#a}}x", {{"a", true}}).find("\"a\" is never closed") != std::string::npos);
  CHECK(render_error("{{#a}}x{{/b}}", {{"a", true}}).find("closed by \"b\"") != std::string::npos);
  CHECK(render_error("x{{/b}}", json::object()).find("never opened") != std::string::npos);
  CHECK(render_error("{{name", json::object()).find("never closed") != std::string::npos);
  CHECK(render_error("{{=<% %>=}}", json::object()).find("set-delimiter") != std::string::npos);
  CHECK(render_error("Dear {{first_name}},", json::object()).find("\"first_name\" is missing") != std::string::npos);
  CHECK(render("{{#missing}}x{{/missing}}{{^missing}}y{{/missing}}", json::object()) == "y");
}

TEST_CASE("mustache sections nested too deep are an error - not a stack overflow") {
  // Inline content comes from job data: 70000 nested sections crashed the renderer.
  std::string text;
  for (int i = 0; i < 70000; ++i) text += "{{#t}}\n";
  text += "y\n";
  for (int i = 0; i < 70000; ++i) text += "{{/t}}\n";
  CHECK(render_error(text, {{"t", true}}).find("nested deeper than") != std::string::npos);
  CHECK(render("{{#a}}{{#b}}{{#c}}{{x}}{{/c}}{{/b}}{{/a}}", {{"a", true}, {"b", true}, {"c", true}, {"x", 1}}) == "1");
}

TEST_CASE("mustache sections over lists that multiply the work beyond a bound are an error - not a hang") {
  // 20 nested sections over a 10-item list would render 10^20 times.
  std::string text;
  for (int i = 0; i < 20; ++i) text += "{{#x}}";
  text += "y";
  for (int i = 0; i < 20; ++i) text += "{{/x}}";
  CHECK(render_error(text, {{"x", {1, 2, 3, 4, 5, 6, 7, 8, 9, 10}}}).find("too much") != std::string::npos);
  // A big but honest table is fine: 10000 rows of 5 cells.
  json rows = json::array();
  for (int i = 0; i < 10000; ++i) rows.push_back({{"a", i}, {"b", "x"}, {"c", "y"}, {"d", true}, {"e", nullptr}});
  const std::string table = render("{{#rows}}{{a}}|{{b}}|{{c}}|{{d}}|{{e}}\n{{/rows}}", {{"rows", rows}}, Escaping::none);
  CHECK(std::count(table.begin(), table.end(), '\n') == 10000);
  // A small template cannot blow a large value up past the output bound either.
  const std::string big(1 << 20, 'z');
  CHECK(render_error("{{#x}}{{#x}}{{v}}{{/x}}{{/x}}", {{"v", big}, {"x", json::array({1, 2, 3, 4, 5, 6, 7, 8})}})
            .find("too much") != std::string::npos);
}
