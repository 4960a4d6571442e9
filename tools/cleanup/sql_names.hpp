// Table and column names from the job, made safe to place in SQL text: statements take
// values as parameters, but names cannot be parameters.
#pragma once

#include <string>
#include <string_view>

namespace cleanup {

// "name" with every '"' doubled: always quoted, so that a name is taken exactly as written
// (case included) and can never end the identifier early.
std::string quote_identifier(std::string_view name);

}  // namespace cleanup
