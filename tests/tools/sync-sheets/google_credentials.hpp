// Everything a test of sync-sheets signs and serves with, made once per test process with
// the openssl program (run without a shell): a test CA, the fake's certificate for
// 127.0.0.1 signed by it, and a service account's RSA key pair with its JSON key file.
#pragma once

#include <filesystem>
#include <string>

namespace sync_sheets_testing {

struct GoogleCredentials {
  std::filesystem::path ca_certificate;      // what the tool trusts (GOOGLE_CA_FILE)
  std::filesystem::path server_certificate;  // the fake's, for IP 127.0.0.1
  std::filesystem::path server_key;
  std::filesystem::path key_file;            // GOOGLE_APPLICATION_CREDENTIALS
  std::string public_key_pem;                // the fake verifies JWTs with this
  std::string private_key_pem;               // for tests that grep the output for it
  std::string client_email;
};

inline constexpr const char* k_token_audience = "https://oauth2.googleapis.com/token";

const GoogleCredentials& google_credentials();

}  // namespace sync_sheets_testing
