// Building the pdf-ready notification job for send-notification.
#include "notify.hpp"

namespace render_pdf {

jobkit::FollowUpJob pdf_ready_follow_up(const NotifyRequest& notify, const StoredPdf& pdf) {
  nlohmann::json recipient = notify.recipient;
  // The recipient's own template data, if any, comes first; ours names the stored file.
  nlohmann::json template_data = recipient.contains("data") && recipient["data"].is_object() ? recipient["data"]
                                                                                             : nlohmann::json::object();
  template_data.update(notify.data);
  template_data["path"] = pdf.path;
  template_data["pages"] = pdf.pages;
  template_data["bytes"] = pdf.bytes;
  template_data["sha256"] = pdf.sha256;
  recipient["data"] = std::move(template_data);
  return {.queue = "notifications",
          .name = "pdf-ready",
          .data = {{"template", "pdf-ready"}, {"from", notify.from}, {"recipients", nlohmann::json::array({std::move(recipient)})}},
          .opts = nlohmann::json::object()};
}

}  // namespace render_pdf
