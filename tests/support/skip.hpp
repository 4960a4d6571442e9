// A test that cannot run on this build or machine says so, and CTest counts it as skipped
// instead of passed.
#pragma once

#include <string_view>

namespace jobkit::testing {

// Call as `return skip_test("why");` at the top of a test case, before it starts anything.
// Under CTest, which runs each test case in a process of its own (--test-case=<name>) and
// sets JOBKIT_TEST_SKIP_EXIT_CODE, it prints the reason and ends the process with that
// status, which the test's SKIP_RETURN_CODE reports as skipped. Run by hand, where one
// process runs many test cases, it prints the reason and returns, so that the others still
// run.
void skip_test(std::string_view reason);

}  // namespace jobkit::testing
