// What the rules look at for one contractor: the rows behind every metric, already limited to
// the widest window any rule uses, and the contractor's place in its category.
#pragma once

#include <cstdint>
#include <optional>
#include <vector>

namespace calc_badges {

struct ReviewFact {
  double age_days = 0;  // days between the review's creation and the read
  int rating = 0;
  bool verified = false;
};

enum class BookingOutcome { open, completed, cancelled };

struct BookingFact {
  double age_days = 0;                  // days since the booking was requested
  BookingOutcome outcome = BookingOutcome::open;
  std::optional<double> response_hours;  // nullopt: not answered
};

struct ContractorFacts {
  std::int64_t id = 0;
  double age_days = 0;  // days since the contractor's row was created
  std::vector<ReviewFact> reviews;
  std::vector<BookingFact> bookings;
  std::optional<std::int64_t> category_rank;  // nullopt: unranked
  std::optional<std::int64_t> category_size;  // ranked contractors in the category
};

}  // namespace calc_badges
