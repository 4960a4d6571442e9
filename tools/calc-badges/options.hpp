// calc-badges' command-line options.
#pragma once

#include <string>

namespace calc_badges {

struct Options {
  // The operator's rules file; empty: badges.json in CALC_BADGES_RULES_DIR, else the shipped one.
  std::string rules_file;
  // The folder of the operator's query files; empty: CALC_BADGES_QUERIES, else the shipped ones.
  std::string queries_dir;
};

}  // namespace calc_badges
