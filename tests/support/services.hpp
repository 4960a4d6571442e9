// The private services that scripts/test starts, as the environment describes them.
#pragma once

#include <string>

namespace jobkit::testing {

// The value of a variable that scripts/test exports; fails the current test with a clear
// message when it is missing (the test was run outside scripts/test).
std::string required_service_variable(const char* name);

}  // namespace jobkit::testing
