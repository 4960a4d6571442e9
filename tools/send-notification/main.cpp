// send-notification: email, SMS and web push from one JSON job; the work is in
// send_notification.cpp and the channel modules beside it.
#include "jobkit/tool_main.hpp"
#include "options.hpp"
#include "send_notification.hpp"

int main(int argc, char** argv) {
  send_notification::Options options;
  return jobkit::run_tool(
      argc, argv,
      {.name = "send-notification",
       .summary = "Send email (SMTP), SMS (Twilio-style API) or web push notifications from a JSON job.",
       .footer = "Example: echo '{\"template\":\"pdf-ready\",\"from\":{\"email\":\"no-reply@example.com\"},"
                 "\"recipients\":[{\"email\":\"ann@example.com\",\"data\":{\"first_name\":\"Ann\",\"document_name\":\"Invoice\","
                 "\"download_url\":\"https://example.com/d/1\"}}]}' | send-notification\nSee send-notification(1).",
       .add_options = nullptr,
       .run = [&options](const nlohmann::json& job, const jobkit::ToolContext& context) {
         return send_notification::run_job(job, context, options);
       }});
}
