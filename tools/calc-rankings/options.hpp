// calc-rankings' command-line options.
#pragma once

#include <string>

namespace calc_rankings {

struct Options {
  // The folder of the operator's query files; empty: CALC_RANKINGS_QUERIES, else the shipped ones.
  std::string queries_dir;
};

}  // namespace calc_rankings
