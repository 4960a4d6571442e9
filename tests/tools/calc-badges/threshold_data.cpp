#include "threshold_data.hpp"

namespace calc_badges_testing {
namespace {

// `count` reviews 10 days old for a contractor, the first `fives` of them 5 stars, the rest 4.
std::string reviews(int contractor, int first_id, int count, int fives, const char* age = "10 days") {
  return "INSERT INTO reviews (id, contractor_id, author_id, rating, verified, created_at, updated_at) "
         "SELECT " + std::to_string(first_id) + " + g, " + std::to_string(contractor) +
         ", 1, CASE WHEN g <= " + std::to_string(fives) + " THEN 5 ELSE 4 END, true, now() - interval '" + age +
         "', now() FROM generate_series(1, " + std::to_string(count) + ") g;\n";
}

// `count` bookings 10 days old, each answered after `response` (NULL: never).
std::string bookings(int contractor, int first_id, int count, const char* status, const char* response) {
  const std::string responded = std::string(response) == "NULL"
                                    ? "NULL"
                                    : "now() - interval '10 days' + interval '" + std::string(response) + "'";
  return "INSERT INTO bookings (id, contractor_id, customer_id, status, requested_at, responded_at) "
         "SELECT " + std::to_string(first_id) + " + g, " + std::to_string(contractor) + ", 1, '" + status +
         "', now() - interval '10 days', " + responded + " FROM generate_series(1, " + std::to_string(count) + ") g;\n";
}

std::string holds(int contractor, const char* badge, const char* source = "rule") {
  return "INSERT INTO contractor_badges (contractor_id, badge_slug, awarded_at, source) VALUES (" +
         std::to_string(contractor) + ", '" + badge + "', now() - interval '30 days', '" + source + "');\n";
}

}  // namespace

std::string threshold_rows() {
  std::string sql =
      "INSERT INTO badges (slug, name) VALUES ('top-rated', 'Top rated'), ('fast-responder', 'Fast responder'), "
      "('reliable', 'Reliable'), ('veteran', 'Veteran'), ('top-10-percent', 'Top 10%'), ('staff-pick', 'Staff pick');\n"
      "INSERT INTO categories VALUES (1, 'roofing', 'Roofing'), (2, 'plumbing', 'Plumbing');\n"
      "INSERT INTO regions VALUES (1, 'berlin', 'Berlin', 'Europe/Berlin');\n"
      "INSERT INTO users (id, email, name) SELECT g, 'user' || g || '@example.com', 'Pat Owner' || g "
      "FROM generate_series(1, 700) g;\n"
      "INSERT INTO contractors (id, user_id, name, category_id, region_id) SELECT g, g, 'Contractor ' || g, 1, 1 "
      "FROM unnest(ARRAY[101, 102, 103, 104, 105, 106, 201, 202, 203, 204, 301, 302, 303, 304, 501, 502, 503, 504, "
      "601]) g;\n"
      // veteran: 5 years are 1826.25 days; 401 and 403 are on or past the line, 402 and 404 just short.
      "INSERT INTO contractors (id, user_id, name, category_id, region_id, created_at) VALUES "
      "(401, 401, 'Contractor 401', 1, 1, now() - interval '1826 days 6 hours'), "
      "(402, 402, 'Contractor 402', 1, 1, now() - interval '1826 days 5 hours'), "
      "(403, 403, 'Contractor 403', 1, 1, now() - interval '1827 days'), "
      "(404, 404, 'Contractor 404', 1, 1, now() - interval '1826 days 5 hours');\n";
  // top-rated: award at 4.70 over 20+ reviews in 365 days, keep down to 4.60.
  sql += reviews(101, 10000, 100, 70);           // 470 / 100 = 4.70: awarded
  sql += reviews(102, 11000, 100, 69);           // 4.69: not awarded
  sql += reviews(103, 12000, 100, 61);           // holder at 4.61: keeps
  sql += reviews(104, 13000, 100, 59);           // holder at 4.59: loses
  sql += reviews(105, 14000, 19, 19);            // 5.0 but 19 reviews: not awarded
  sql += reviews(106, 15000, 20, 20, "400 days"); // 5.0 but outside the window: not awarded
  // fast-responder: median answer within 2 h over 10+ answered bookings in 90 days, keep to 3 h.
  sql += bookings(201, 20000, 10, "accepted", "2 hours");             // median 2.00 h: awarded
  sql += bookings(202, 21000, 10, "accepted", "2 hours 36 seconds");  // 2.01 h: not awarded
  sql += bookings(203, 22000, 10, "accepted", "3 hours");             // holder at 3.00 h: keeps
  sql += bookings(204, 23000, 10, "accepted", "3 hours 36 seconds");  // holder at 3.01 h: loses
  // reliable: 95% of 10+ completed-or-cancelled bookings in 365 days, keep to 90%.
  sql += bookings(301, 30000, 19, "completed", "NULL") + bookings(301, 30100, 1, "cancelled", "NULL");  // 0.95
  sql += bookings(302, 31000, 18, "completed", "NULL") + bookings(302, 31100, 1, "cancelled", "NULL");  // 0.947
  sql += bookings(303, 32000, 9, "completed", "NULL") + bookings(303, 32100, 1, "cancelled", "NULL");   // 0.90
  sql += bookings(304, 33000, 17, "completed", "NULL") + bookings(304, 33100, 2, "cancelled", "NULL");  // 0.895
  // top-10-percent: 100 ranked contractors in plumbing; rank 10 is the 10% line, 12 the keep line.
  sql += "INSERT INTO contractor_rankings (contractor_id, category_id, region_id, rank) "
         "SELECT 5000 + g, 2, 1, g FROM generate_series(1, 100) g WHERE g NOT BETWEEN 10 AND 13;\n"
         "INSERT INTO contractor_rankings (contractor_id, category_id, region_id, rank) VALUES "
         "(501, 2, 1, 10), (502, 2, 1, 11), (503, 2, 1, 12), (504, 2, 1, 13);\n";
  sql += holds(103, "top-rated") + holds(104, "top-rated") + holds(203, "fast-responder") +
         holds(204, "fast-responder") + holds(303, "reliable") + holds(304, "reliable") + holds(403, "veteran") +
         holds(404, "veteran") + holds(503, "top-10-percent") + holds(504, "top-10-percent");
  // Staff badges: one with a rule the contractor does not meet, one without a rule.
  sql += holds(601, "top-rated", "staff") + holds(601, "staff-pick", "staff");
  return sql;
}

std::vector<std::string> expected_open_rows() {
  return {"101|top-rated|rule",      "103|top-rated|rule",      "201|fast-responder|rule", "203|fast-responder|rule",
          "301|reliable|rule",       "303|reliable|rule",       "401|veteran|rule",        "403|veteran|rule",
          "501|top-10-percent|rule", "503|top-10-percent|rule", "601|staff-pick|staff",    "601|top-rated|staff"};
}

std::vector<std::string> expected_revoked_rows() {
  return {"104|top-rated", "204|fast-responder", "304|reliable", "404|veteran", "504|top-10-percent"};
}

}  // namespace calc_badges_testing
