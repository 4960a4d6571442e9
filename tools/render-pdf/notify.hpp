// The follow-up job that tells the user their PDF is ready: carried in the result's
// "enqueue" list, so queue-runner adds it only once the PDF has been stored.
#pragma once

#include <cstddef>
#include <string>

#include "jobkit/follow_up_job.hpp"
#include "job.hpp"

namespace render_pdf {

struct StoredPdf {
  std::string path;  // relative to STORAGE_DIR, as the job gave it
  std::size_t pages = 0;
  std::size_t bytes = 0;
  std::string sha256;
};

// A send-notification job on the "notifications" queue, named "pdf-ready".
jobkit::FollowUpJob pdf_ready_follow_up(const NotifyRequest& notify, const StoredPdf& pdf);

}  // namespace render_pdf
