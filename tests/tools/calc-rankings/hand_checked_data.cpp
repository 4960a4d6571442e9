// Category roofing (1): the prior C is the weighted mean of all its reviews. Weights are
// 2^(-age/365 d) (floor 0.1) times 1 for verified, 0.5 for unverified reviews.
//
//   contractor  region   reviews (rating x count, weight)                    sum w   sum w*r
//   101         berlin   5 x 1, age 0, verified                               1       5
//   102         berlin   5 x 160 + 4 x 40, age 0, verified (mean 4.8)         200     960
//   103         berlin   5 x 10, age 0, verified                              10      50
//   104         hamburg  same as 103 (a tie, broken by id)                    10      50
//   105         hamburg  5 age 0 ver (1); 4 age 365 d ver (0.5); 5 age 0      2.5     12
//                        unverified (0.5); 5 (edited from 1) created 365 d
//                        ago ver (0.5); a 1-star review soft-deleted: not counted
//   106         hamburg  no reviews: unranked
//   107         hamburg  3 x 40, age 0, verified                              40      120
//   108         berlin   inactive: left out entirely (5 x 50)
//
//   C = 1197 / 263.5 = 4.542694497...; quality = (10 C + sum w*r) / (10 + sum w):
//   102 4.787747357  103 4.771347249  104 4.771347249  105 4.594155598  101 4.584267724
//   107 3.308538899. With no bookings, completion and response sit at their priors:
//   score = 0.75 (q - 1) / 4 + 0.15 * 0.9 + 0.10 * 0.8 = 0.1875 q + 0.0275.
//   Ranks: 102, 103, 104, 105, 101, 107; berlin 102, 103, 101; hamburg 104, 105, 107.
//
// Category plumbing (2), region berlin: 201 and 202 each have 3 x 5 stars (age 0, verified),
// so C = 5 and quality = 5. 201 has 10 bookings: 8 answered within 24 h, 6 completed,
// 2 cancelled, 2 accepted; 202 none:
//   201: 0.75 + 0.15 (6 + 4.5) / 13 + 0.10 (8 + 4) / 15 = 0.951153846
//   202: 0.75 + 0.15 * 0.9 + 0.10 * 0.8                = 0.965
#include "hand_checked_data.hpp"

#include <fmt/format.h>

namespace calc_rankings_testing {
namespace {

// n reviews with one rating for a contractor, ids from first_id on.
std::string reviews(int& next_id, int contractor, int rating, int count, const std::string& created, bool verified,
                    const std::string& deleted = "NULL") {
  std::string sql;
  for (int i = 0; i < count; ++i) {
    sql += fmt::format("INSERT INTO reviews (id, contractor_id, author_id, rating, verified, body, created_at, updated_at, "
                       "deleted_at) VALUES ({}, {}, 1, {}, {}, 'ok', {}, {}, {});\n",
                       next_id++, contractor, rating, verified ? "true" : "false", created, created, deleted);
  }
  return sql;
}

}  // namespace

std::string hand_checked_rows() {
  const std::string now = "'2026-11-28T00:00:00Z'";
  const std::string year_ago = "'2025-11-28T00:00:00Z'";
  std::string sql = R"(
INSERT INTO categories VALUES (1, 'roofing', 'Roofing'), (2, 'plumbing', 'Plumbing'), (3, 'tiling', 'Tiling');
INSERT INTO regions VALUES (1, 'berlin', 'Berlin', 'Europe/Berlin'), (2, 'hamburg', 'Hamburg', 'Europe/Berlin');
INSERT INTO users (id, email, name) SELECT g, 'user' || g || '@example.com', 'User ' || g FROM generate_series(1, 300) g;
INSERT INTO contractors (id, user_id, name, category_id, region_id, active) VALUES
  (101, 101, 'One Review', 1, 1, true), (102, 102, 'Two Hundred', 1, 1, true), (103, 103, 'Tie A', 1, 1, true),
  (104, 104, 'Tie B', 1, 2, true), (105, 105, 'Edited', 1, 2, true), (106, 106, 'New', 1, 2, true),
  (107, 107, 'Average', 1, 2, true), (108, 108, 'Gone', 1, 1, false),
  (201, 201, 'Booked', 2, 1, true), (202, 202, 'Unbooked', 2, 1, true);
)";
  int id = 1;
  sql += reviews(id, 101, 5, 1, now, true);
  sql += reviews(id, 102, 5, 160, now, true);
  sql += reviews(id, 102, 4, 40, now, true);
  sql += reviews(id, 103, 5, 10, now, true);
  sql += reviews(id, 104, 5, 10, now, true);
  sql += reviews(id, 105, 5, 1, now, true);
  sql += reviews(id, 105, 4, 1, year_ago, true);
  sql += reviews(id, 105, 5, 1, now, false);
  sql += reviews(id, 105, 1, 1, "'2026-11-01T00:00:00Z'", true, "'2026-11-27T00:00:00Z'");
  sql += reviews(id, 107, 3, 40, now, true);
  sql += reviews(id, 108, 5, 50, now, true);
  sql += reviews(id, 201, 5, 3, now, true);
  sql += reviews(id, 202, 5, 3, now, true);
  // The edited review: written a year ago with 1 star, changed to 5 stars yesterday.
  sql += fmt::format("INSERT INTO reviews (id, contractor_id, author_id, rating, verified, created_at, updated_at) "
                     "VALUES ({}, 105, 1, 5, true, {}, '2026-11-27T00:00:00Z');\n", id++, year_ago);
  // 201's bookings: 8 answered in an hour, 2 after two days; 6 completed, 2 cancelled, 2 accepted.
  const char* statuses[] = {"completed", "completed", "completed", "completed", "completed",
                            "completed", "cancelled", "cancelled", "accepted",  "accepted"};
  for (int i = 0; i < 10; ++i) {
    sql += fmt::format("INSERT INTO bookings (id, contractor_id, customer_id, status, requested_at, responded_at) VALUES "
                       "({}, 201, 1, '{}', '2026-10-01T00:00:00Z', '2026-10-0{}T01:00:00Z');\n",
                       i + 1, statuses[i], i < 8 ? 1 : 3);
  }
  return sql;
}

}  // namespace calc_rankings_testing
