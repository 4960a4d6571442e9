// The hand-checked data set: a few contractors whose scores and ranks were worked out on
// paper (the numbers are in hand_checked_data.cpp beside the rows that produce them).
#pragma once

#include <string>

namespace calc_rankings_testing {

inline constexpr const char* k_hand_as_of = "2026-11-28T00:00:00Z";

// SQL inserting the rows into the reference schema.
std::string hand_checked_rows();

}  // namespace calc_rankings_testing
