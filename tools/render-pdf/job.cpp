// Reading a render-pdf job.
#include "job.hpp"

#include <algorithm>
#include <cctype>

#include "document_reader.hpp"
#include "jobkit/email_address.hpp"
#include "jobkit/json_fields.hpp"

namespace render_pdf {
namespace {

using jobkit::JsonField;
using jobkit::JsonObject;

bool is_template_name(const std::string& name) {
  return !name.empty() && std::all_of(name.begin(), name.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-';
  });
}

nlohmann::json read_object(const JsonField& field) {
  if (!field.present()) return nlohmann::json::object();
  if (!field.json().is_object()) {
    field.reject("must be an object");
    return nlohmann::json::object();
  }
  return field.json();
}

// A mailbox as send-notification reads it (common/'s rules: a strict address, a display
// name fit for a header), so that a recipient the follow-up job would refuse fails this job
// with 65 under /notify before anything is drawn or written.
nlohmann::json read_notify_mailbox(const JsonField& field, bool with_data) {
  JsonObject object = field.as_object();
  nlohmann::json read = jobkit::mailbox_json(jobkit::read_mailbox_members(object));
  if (with_data) {
    if (const auto data = object.optional("data"); data.present()) read["data"] = read_object(data);
  }
  return read;
}

NotifyRequest read_notify(JsonObject object) {
  // The recipient first: its problems lead the error, as before.
  nlohmann::json recipient = read_notify_mailbox(object.required("recipient"), true);
  // The sender is the producer's to choose; send-notification refuses an email without one.
  nlohmann::json from = read_notify_mailbox(object.required("from"), false);
  return {std::move(from), std::move(recipient), read_object(object.optional("data"))};
}

std::string read_output(const JsonField& field) {
  std::string output = field.as_string({.min_length = 5, .max_length = 1024});
  // Any case: "Report.PDF" is as much a PDF as "report.pdf".
  const auto is_pdf_suffix = [&] {
    if (output.size() < 4) return false;
    std::string suffix = output.substr(output.size() - 4);
    for (char& c : suffix) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return suffix == ".pdf";
  };
  if (field.present() && !is_pdf_suffix()) field.reject("must end in .pdf");
  return output;
}

}  // namespace

jobkit::Result<RenderJob> read_job(const nlohmann::json& job) {
  return jobkit::read_fields<RenderJob>(job, [](JsonObject& root) {
    RenderJob render;
    const auto template_field = root.optional("template");
    const auto document_field = root.optional("document");
    const auto data_field = root.optional("data");
    if (template_field.present() == document_field.present()) {
      // Absent, the field still knows its pointer: "/template" when neither was given.
      (template_field.present() ? document_field : template_field)
          .reject("give either \"template\" (with \"data\") or \"document\", not both or neither");
    }
    if (template_field.present()) {
      TemplateRequest request{template_field.as_string({.min_length = 1, .max_length = 64}), read_object(data_field)};
      if (!is_template_name(request.name)) template_field.reject("must be a template name of a-z, 0-9 and -");
      render.template_request = std::move(request);
    } else if (data_field.present()) {
      data_field.reject("belongs to a template; a whole document takes no data");
    }
    if (document_field.present()) render.document = read_document(document_field.as_object(), DocumentSource::job);
    render.output = read_output(root.required("output"));
    if (const auto notify = root.optional("notify"); notify.present()) render.notify = read_notify(notify.as_object());
    return render;
  });
}

}  // namespace render_pdf
