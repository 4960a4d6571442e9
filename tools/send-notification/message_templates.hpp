// Templates: TEMPLATES_DIR/<name>/subject.mustache, text.mustache and an optional
// html.mustache; shared layouts as partials in TEMPLATES_DIR/partials/<partial>.mustache.
// Rendering gives each recipient its own subject and parts.
#pragma once

#include <filesystem>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "jobkit/job_environment.hpp"
#include "jobkit/job_error.hpp"
#include "job.hpp"

namespace send_notification {

struct RenderedMessage {
  std::string subject;  // after rendering: one line, checked for header injection
  std::string text;
  std::string html;  // empty when the template has no HTML part
};

// TEMPLATES_DIR, or share/jobkit/send-notification/templates beside the executable's bin/
// folder (jobkit::shipped_data_folder).
std::filesystem::path templates_folder(const jobkit::EnvironmentLookup& environment);

// Fills content's parts from its template (when it names one).
// Errors: invalid_data (65) at /template for an unknown template.
jobkit::Status load_template(Content& content, const std::filesystem::path& folder);

// Renders content with data: the subject and text unescaped, the HTML escaped.
// Errors: invalid_data (65) at field for a missing variable or a bad template, and for a
// subject that renders to a line break (header injection through template data).
jobkit::Result<RenderedMessage> render_message(const Content& content, const nlohmann::json& data,
                                               const std::filesystem::path& folder, const std::string& field);

// The job's content (its template loaded) rendered for each recipient, in order; the
// first error stops, with the failing recipient's data as field.
jobkit::Result<std::vector<RenderedMessage>> render_for_recipients(const NotificationJob& job,
                                                                   const std::filesystem::path& folder);

}  // namespace send_notification
