// Hand-made contractors that sit exactly on each shipped rule's lines, and the badges a sweep
// must leave them with, worked out by hand from the numbers (see threshold_data.cpp).
#pragma once

#include <string>
#include <vector>

namespace calc_badges_testing {

// The badges table (the five shipped rule badges and a staff-only one), categories, regions,
// users and the contractors below, their reviews, bookings, ranks and the badges they hold.
std::string threshold_rows();

// Open rows after one sweep, as "contractor|badge|source" lines in that order.
std::vector<std::string> expected_open_rows();
// Rows revoked by that sweep, as "contractor|badge" lines.
std::vector<std::string> expected_revoked_rows();

}  // namespace calc_badges_testing
