#include "google_credentials.hpp"

#include <fstream>
#include <sstream>
#include <stdexcept>

#include <nlohmann/json.hpp>

#include "process.hpp"
#include "temp_dir.hpp"

namespace sync_sheets_testing {
namespace {

void openssl(std::vector<std::string> arguments) {
  arguments.insert(arguments.begin(), "/usr/bin/openssl");
  const auto result = jobkit::testing::run_process({.argv = arguments});
  if (result.exit_code != 0) throw std::runtime_error("openssl failed: " + result.err);
}

std::string read_text(const std::filesystem::path& path) {
  std::ifstream file(path);
  std::ostringstream text;
  text << file.rdbuf();
  return text.str();
}

GoogleCredentials make_credentials(const std::filesystem::path& folder) {
  GoogleCredentials made;
  const auto file = [&](const char* name) { return (folder / name).string(); };
  openssl({"req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", file("ca.key"), "-out", file("ca.pem"), "-days", "1",
           "-subj", "/CN=jobkit sync-sheets test CA", "-addext", "basicConstraints=critical,CA:TRUE",
           "-addext", "keyUsage=critical,keyCertSign,cRLSign"});
  openssl({"req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", file("server.key"), "-out", file("server.pem"),
           "-days", "1", "-subj", "/CN=127.0.0.1", "-CA", file("ca.pem"), "-CAkey", file("ca.key"),
           "-addext", "subjectAltName=IP:127.0.0.1,DNS:localhost", "-addext", "basicConstraints=CA:FALSE"});
  openssl({"genpkey", "-algorithm", "RSA", "-pkeyopt", "rsa_keygen_bits:2048", "-out", file("account.key")});
  openssl({"pkey", "-in", file("account.key"), "-pubout", "-out", file("account.pub")});
  made.ca_certificate = folder / "ca.pem";
  made.server_certificate = folder / "server.pem";
  made.server_key = folder / "server.key";
  made.key_file = folder / "service-account.json";
  made.private_key_pem = read_text(folder / "account.key");
  made.public_key_pem = read_text(folder / "account.pub");
  made.client_email = "jobkit-sync@jobkit-test.iam.gserviceaccount.com";
  const nlohmann::json key = {{"type", "service_account"},
                              {"project_id", "jobkit-test"},
                              {"private_key_id", "0123456789abcdef"},
                              {"private_key", made.private_key_pem},
                              {"client_email", made.client_email},
                              {"client_id", "100000000000000000001"},
                              {"token_uri", k_token_audience}};
  std::ofstream(made.key_file) << key.dump(2);
  return made;
}

}  // namespace

const GoogleCredentials& google_credentials() {
  static jobkit::testing::TempDir folder;
  static const GoogleCredentials credentials = make_credentials(folder.path());
  return credentials;
}

}  // namespace sync_sheets_testing
