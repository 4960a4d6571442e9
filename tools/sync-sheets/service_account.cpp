#include "service_account.hpp"

#include <fstream>
#include <sstream>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

namespace sync_sheets {
namespace {

constexpr const char* k_variable = "GOOGLE_APPLICATION_CREDENTIALS";

jobkit::JobError key_file_error(const std::string& message) {
  jobkit::JobError error = jobkit::JobError::make(jobkit::ExitCode::config, message, std::string("env:") + k_variable);
  error.code = "invalid_service_account";
  return error;
}

std::string string_member(const nlohmann::json& key, const char* name) {
  const auto found = key.find(name);
  return found != key.end() && found->is_string() ? found->get<std::string>() : std::string();
}

}  // namespace

jobkit::Result<ServiceAccount> read_service_account(const jobkit::EnvironmentLookup& environment) {
  const auto path = environment(k_variable);
  if (!path || path->empty()) {
    return key_file_error(fmt::format("{} is not set: it names the service account's JSON key file", k_variable));
  }
  std::ifstream file(*path, std::ios::binary);
  std::ostringstream text;
  if (file) text << file.rdbuf();
  if (!file) return key_file_error(fmt::format("cannot read the key file {}", *path));
  const nlohmann::json key = nlohmann::json::parse(text.str(), nullptr, false);
  if (!key.is_object() || string_member(key, "type") != "service_account") {
    return key_file_error(fmt::format("{} is not a service-account key file (JSON with \"type\": \"service_account\")", *path));
  }
  const std::string email = string_member(key, "client_email");
  const std::string token_uri = string_member(key, "token_uri");
  if (email.empty() || token_uri.empty()) return key_file_error(fmt::format("{} lacks client_email or token_uri", *path));
  auto private_key = jobkit::RsaKey::from_pem(string_member(key, "private_key"));
  if (!private_key) return key_file_error(fmt::format("the private_key of {} is not an RSA private key in PEM", *path));
  return ServiceAccount{email, string_member(key, "private_key_id"), token_uri, std::move(*private_key)};
}

}  // namespace sync_sheets
