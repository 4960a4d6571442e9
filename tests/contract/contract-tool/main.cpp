// jobkit-contract-tool: arguments only; the work is in contract_job.cpp.
#include "contract_job.hpp"
#include "jobkit/tool_main.hpp"

int main(int argc, char** argv) {
  return jobkit::run_tool(argc, argv,
                          {.name = "jobkit-contract-tool",
                           .summary = "Test-only tool that exercises the jobkit job contract.",
                           .footer = "Example: echo '{\"message\":\"hi\"}' | jobkit-contract-tool",
                           .add_options = nullptr,
                           .run = contract_tool::run_contract_job});
}
