#include "fact_rows.hpp"

#include "jobkit/sql_files.hpp"

namespace calc_badges {
namespace {

BookingOutcome booking_outcome(std::string_view status) {
  if (status == "completed") return BookingOutcome::completed;
  if (status == "cancelled") return BookingOutcome::cancelled;
  return BookingOutcome::open;
}

}  // namespace

ContractorRow contractor_row(const jobkit::PostgresRows& rows, std::size_t row, std::string_view query) {
  jobkit::require_sql_columns(rows, 2, query);
  return {jobkit::sql_integer(rows, row, 0, query), jobkit::sql_number(rows, row, 1, query)};
}

ReviewFact review_fact(const jobkit::PostgresRows& rows, std::size_t row, std::string_view query) {
  jobkit::require_sql_columns(rows, 4, query);
  return {.age_days = jobkit::sql_number(rows, row, 3, query),
          .rating = static_cast<int>(jobkit::sql_integer(rows, row, 1, query)),
          .verified = jobkit::sql_bool(rows, row, 2, query)};
}

BookingFact booking_fact(const jobkit::PostgresRows& rows, std::size_t row, std::string_view query) {
  jobkit::require_sql_columns(rows, 4, query);
  BookingFact booking{.age_days = jobkit::sql_number(rows, row, 2, query), .outcome = booking_outcome(rows.text(row, 1))};
  if (!rows.is_null(row, 3)) booking.response_hours = jobkit::sql_number(rows, row, 3, query);
  return booking;
}

}  // namespace calc_badges
