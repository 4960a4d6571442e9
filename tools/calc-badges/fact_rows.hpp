// Typed reads of the rows the fact queries return (reviews, bookings, contractors), shared by
// the per-contractor reads and a sweep's streamed reads, which use the same result columns.
#pragma once

#include <cstddef>
#include <string_view>

#include "contractor_facts.hpp"
#include "jobkit/postgres_connection.hpp"

namespace calc_badges {

// A contractor row: its id and the days since it was created.
struct ContractorRow {
  std::int64_t id = 0;
  double age_days = 0;
};

// Each throws JobFailure (65, "query_mismatch") naming `query` for a row that does not have
// the columns its query file promises. Column 0 of each is the contractor id.
ContractorRow contractor_row(const jobkit::PostgresRows& rows, std::size_t row, std::string_view query);
ReviewFact review_fact(const jobkit::PostgresRows& rows, std::size_t row, std::string_view query);
BookingFact booking_fact(const jobkit::PostgresRows& rows, std::size_t row, std::string_view query);

}  // namespace calc_badges
