// A render-pdf job: which document (a template and its data, or a whole document model),
// where to store the PDF, and whom to tell when it exists.
#pragma once

#include <optional>
#include <string>

#include <nlohmann/json.hpp>

#include "document_model.hpp"
#include "jobkit/job_error.hpp"

namespace render_pdf {

struct TemplateRequest {
  std::string name;     // a file name stem in the templates folder: [a-z0-9-]+
  nlohmann::json data;  // the object the template's strings are filled from
};

// The "notify" member: who receives the pdf-ready notification. Both objects go to
// send-notification unchanged; it checks them.
struct NotifyRequest {
  nlohmann::json from;  // the sender, as send-notification takes it: {"email", "name"}
  nlohmann::json recipient;
  nlohmann::json data;  // extra template data for pdf-ready (an object, maybe empty)
};

struct RenderJob {
  std::optional<TemplateRequest> template_request;  // exactly one of these two
  std::optional<Document> document;
  std::string output;  // relative to STORAGE_DIR, ends in ".pdf"
  std::optional<NotifyRequest> notify;
};

// Errors: invalid_data (65) naming every bad field, unknown fields included.
jobkit::Result<RenderJob> read_job(const nlohmann::json& job);

}  // namespace render_pdf
