// top_level_variables: the variable names a template string uses outside sections.
#include <doctest/doctest.h>

#include <string>
#include <vector>

#include "template_tags.hpp"

using render_pdf::top_level_variables;
using Names = std::vector<std::string>;

TEST_CASE("top_level_variables finds plain - triple - ampersand and dotted tags in order") {
  CHECK(top_level_variables("{{a}} and {{{ b }}} and {{& c.d }} and {{a}}") == Names{"a", "b", "c.d", "a"});
  CHECK(top_level_variables("no tags {single} braces") == Names{});
  CHECK(top_level_variables("{{.}}") == Names{"."});
}

TEST_CASE("top_level_variables skips sections - comments - partials and stops at an unclosed tag") {
  CHECK(top_level_variables("{{#list}}{{x}}{{/list}}{{y}}{{^none}}{{z}}{{/none}}") == Names{"y"});
  CHECK(top_level_variables("{{! a comment }}{{> part}}{{=<% %>=}}{{w}}") == Names{"w"});
  CHECK(top_level_variables("{{a}} {{b") == Names{"a"});
  CHECK(top_level_variables("{{/stray}}{{c}}") == Names{"c"});
}
