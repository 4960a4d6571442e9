// Table and column names from the job, made safe to place in SQL text: statements take
// values as parameters, but names cannot be parameters.
#pragma once

#include <string>
#include <string_view>

namespace cleanup {

// "name" with every '"' doubled: always quoted, so that a name is taken exactly as written
// (case included) and can never end the identifier early.
std::string quote_identifier(std::string_view name);

// A string constant for the few statements that take no parameters (COMMENT ON): the
// escape-string form with quotes and backslashes doubled, whatever the server's
// standard_conforming_strings says.
std::string quote_literal(std::string_view text);

}  // namespace cleanup
