#include "cleanup.hpp"

#include "audit_logs.hpp"
#include "file_sweep.hpp"
#include "job.hpp"
#include "queue_history.hpp"
#include "redis_keys.hpp"
#include "sessions.hpp"

namespace cleanup {
namespace {

jobkit::Result<TargetReport> run_target(const CleanupJob& job, const jobkit::ToolContext& context,
                                        const RunBudget& budget) {
  switch (job.target) {
    case Target::audit_logs: return clean_audit_logs(job, context, budget);
    case Target::sessions: return clean_sessions(job, context, budget);
    case Target::files: return clean_files(job, context, budget);
    case Target::redis_keys: return clean_redis_keys(job, context, budget);
    case Target::queues: return clean_queue_history(job, context, budget);
  }
  return clean_audit_logs(job, context, budget);
}

}  // namespace

jobkit::Result<nlohmann::json> run_job(const nlohmann::json& document, const jobkit::ToolContext& context,
                                       const Options&) {
  auto job = read_job(document);
  if (!job) return job.error();
  const RunBudget budget(job->max_runtime);
  auto report = run_target(job.value(), context, budget);
  if (!report) return report.error();
  return to_json(report.value(), target_name(job->target), context.mode == jobkit::RunMode::dry_run, budget.elapsed());
}

}  // namespace cleanup
