#include "postgres_source.hpp"

#include <unordered_map>
#include <unordered_set>

#include <fmt/format.h>

#include "jobkit/sql_files.hpp"
#include "scoring.hpp"
#include "timestamp.hpp"

namespace calc_rankings {
namespace {

constexpr std::size_t k_batch_rows = 20000;

using ContractorIndex = std::unordered_map<std::int64_t, std::size_t>;

// A stream callback that reports a row the query file got wrong as an error, not a throw.
template <typename HandleRow>
std::function<jobkit::Status(const jobkit::PostgresRows&)> each_row(const jobkit::SqlQuery& query,
                                                                     std::size_t columns, HandleRow handle_row) {
  return [&query, columns, handle_row](const jobkit::PostgresRows& rows) -> jobkit::Status {
    try {
      jobkit::require_sql_columns(rows, columns, query.name);
      for (std::size_t row = 0; row < rows.rows(); ++row) handle_row(rows, row);
    } catch (const jobkit::JobFailure& failure) {
      return failure.error();
    }
    return jobkit::Done{};
  };
}

}  // namespace

std::optional<std::string> category_array(const std::optional<std::vector<std::int64_t>>& categories) {
  if (!categories) return std::nullopt;
  return fmt::format("{{{}}}", fmt::join(*categories, ","));
}

jobkit::Status read_contractors(jobkit::PostgresConnection& connection, const std::filesystem::path& queries,
                                const RankingJob& job, const ContractorFilter& filter,
                                std::vector<Contractor>& contractors) {
  auto contractor_query = jobkit::load_sql_file(queries, "contractors");
  auto review_query = jobkit::load_sql_file(queries, "reviews");
  auto booking_query = jobkit::load_sql_file(queries, "bookings");
  if (!contractor_query) return contractor_query.error();
  if (!review_query) return review_query.error();
  if (!booking_query) return booking_query.error();
  const auto category_parameter = category_array(filter.categories);
  const auto contractor_parameter = category_array(filter.contractor_ids);
  const std::string as_of = job.as_of;

  // Only the contractors this read adds: reviews and bookings are summed into them alone.
  ContractorIndex index;
  std::unordered_set<std::int64_t> present;
  for (const Contractor& contractor : contractors) present.insert(contractor.id);
  auto added = connection.stream(
      contractor_query.value(), {category_parameter, contractor_parameter}, k_batch_rows,
      each_row(contractor_query.value(), 3, [&](const jobkit::PostgresRows& rows, std::size_t row) {
        const std::string& name = contractor_query->name;
        Contractor contractor;
        contractor.id = jobkit::sql_integer(rows, row, 0, name);
        contractor.category_id = jobkit::sql_integer(rows, row, 1, name);
        contractor.region_id = jobkit::sql_integer(rows, row, 2, name);
        if (present.contains(contractor.id)) return;
        if (index.emplace(contractor.id, contractors.size()).second) contractors.push_back(contractor);
      }));
  if (!added) return added;

  const Parameters& parameters = job.parameters;
  // Reviews from a file (ndjson_reviews) are added by the caller.
  auto reviewed = job.reviews_file ? jobkit::Status(jobkit::Done{}) : connection.stream(
      review_query.value(), {as_of, category_parameter, contractor_parameter}, k_batch_rows,
      each_row(review_query.value(), 4, [&](const jobkit::PostgresRows& rows, std::size_t row) {
        const std::string& name = review_query->name;
        const auto found = index.find(jobkit::sql_integer(rows, row, 0, name));
        if (found == index.end()) return;  // a contractor outside the ranked set
        const auto rating = jobkit::sql_integer(rows, row, 1, name);
        if (rating < 1 || rating > 5) return;  // the schema's CHECK; an operator's table may lack it
        count_review(contractors[found->second], parameters, rating, jobkit::sql_number(rows, row, 3, name),
                     jobkit::sql_bool(rows, row, 2, name));
      }));
  if (!reviewed) return reviewed;

  const std::string target_seconds = fmt::format("{}", parameters.response_target_hours * 3600.0);
  return connection.stream(
      booking_query.value(), {as_of, category_parameter, target_seconds, contractor_parameter}, k_batch_rows,
      each_row(booking_query.value(), 5, [&](const jobkit::PostgresRows& rows, std::size_t row) {
        const std::string& name = booking_query->name;
        const auto found = index.find(jobkit::sql_integer(rows, row, 0, name));
        if (found == index.end()) return;
        Contractor& contractor = contractors[found->second];
        contractor.requests += jobkit::sql_integer(rows, row, 1, name);
        contractor.answered_in_time += jobkit::sql_integer(rows, row, 2, name);
        contractor.completed += jobkit::sql_integer(rows, row, 3, name);
        contractor.cancelled += jobkit::sql_integer(rows, row, 4, name);
      }));
}

}  // namespace calc_rankings
