// Template files and per-recipient rendering with the shared Mustache module.
#include "message_templates.hpp"

#include <fstream>
#include <sstream>
#include <utility>

#include "address.hpp"
#include "jobkit/mustache.hpp"
#include "jobkit/shipped_data.hpp"

namespace send_notification {
namespace {

constexpr std::uintmax_t k_max_template_bytes = 1024 * 1024;

std::optional<std::string> read_small_file(const std::filesystem::path& path) {
  std::error_code error;
  if (!std::filesystem::is_regular_file(path, error) || std::filesystem::file_size(path, error) > k_max_template_bytes) {
    return std::nullopt;
  }
  std::ifstream in(path, std::ios::binary);
  std::ostringstream bytes;
  bytes << in.rdbuf();
  if (!in) return std::nullopt;
  return bytes.str();
}

bool is_partial_name(std::string_view name) {
  if (name.empty() || name.size() > 100) return false;
  for (const char c : name) {
    if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_')) return false;
  }
  return true;
}

jobkit::JobError at_field(jobkit::JobError error, const std::string& field) {
  error.field = field;
  return error;
}

}  // namespace

std::filesystem::path templates_folder(const jobkit::EnvironmentLookup& environment) {
  return jobkit::shipped_data_folder({.tool = "send-notification", .folder = "templates", .variable = "TEMPLATES_DIR"},
                                     environment);
}

jobkit::Status load_template(Content& content, const std::filesystem::path& folder) {
  if (content.template_name.empty()) return jobkit::Done{};
  const auto own = folder / content.template_name;
  auto subject = read_small_file(own / "subject.mustache");
  auto text = read_small_file(own / "text.mustache");
  if (!subject || !text) {
    return jobkit::JobError::make(jobkit::ExitCode::invalid_data,
                                  "unknown template \"" + content.template_name + "\" in " + folder.string(), "/template");
  }
  content.subject = std::move(*subject);
  while (!content.subject.empty() && (content.subject.back() == '\n' || content.subject.back() == '\r')) {
    content.subject.pop_back();
  }
  content.text = std::move(*text);
  content.html = read_small_file(own / "html.mustache").value_or("");
  return jobkit::Done{};
}

jobkit::Result<RenderedMessage> render_message(const Content& content, const nlohmann::json& data,
                                               const std::filesystem::path& folder, const std::string& field) {
  const jobkit::PartialLookup partials = [&folder](std::string_view name) -> std::optional<std::string> {
    if (!is_partial_name(name)) return std::nullopt;
    return read_small_file(folder / "partials" / (std::string(name) + ".mustache"));
  };
  RenderedMessage message;
  auto subject = jobkit::render_mustache(content.subject, data, jobkit::Escaping::none, partials);
  if (!subject) return at_field(subject.error(), field);
  if (auto problem = check_header_text(subject.value())) {
    // A line break written in the subject itself is the subject's fault, not the data's.
    const bool in_template = check_header_text(content.subject).has_value();
    const std::string where = !in_template ? field : content.template_name.empty() ? "/content/subject" : "/template";
    return jobkit::JobError::make(jobkit::ExitCode::invalid_data, "rendered subject " + *problem, where);
  }
  message.subject = std::move(subject.value());
  auto text = jobkit::render_mustache(content.text, data, jobkit::Escaping::none, partials);
  if (!text) return at_field(text.error(), field);
  message.text = std::move(text.value());
  if (!content.html.empty()) {
    auto html = jobkit::render_mustache(content.html, data, jobkit::Escaping::html, partials);
    if (!html) return at_field(html.error(), field);
    message.html = std::move(html.value());
  }
  return message;
}

// A template's own mistakes (a section never closed, sections nested too deep) are named
// at the template, before any recipient's data is blamed for them.
jobkit::Status check_template_syntax(const Content& content) {
  const std::pair<const std::string*, const char*> parts[] = {
      {&content.subject, "/content/subject"}, {&content.text, "/content/text"}, {&content.html, "/content/html"}};
  for (const auto& [text, pointer] : parts) {
    if (auto checked = jobkit::check_mustache_syntax(*text); !checked) {
      return at_field(checked.error(), content.template_name.empty() ? pointer : "/template");
    }
  }
  return jobkit::Done{};
}

jobkit::Result<std::vector<RenderedMessage>> render_for_recipients(const NotificationJob& job,
                                                                   const std::filesystem::path& folder) {
  Content content = job.content;
  if (auto loaded = load_template(content, folder); !loaded) return loaded.error();
  if (auto checked = check_template_syntax(content); !checked) return checked.error();
  std::vector<RenderedMessage> messages;
  messages.reserve(job.recipients.size());
  for (const auto& recipient : job.recipients) {
    auto message = render_message(content, recipient.data, folder, recipient.field + "/data");
    if (!message) return message.error();
    messages.push_back(std::move(message.value()));
  }
  return messages;
}

}  // namespace send_notification
