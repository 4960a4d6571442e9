// The service-account key file Google issues (GOOGLE_APPLICATION_CREDENTIALS): the account's
// email, its RSA private key and the token endpoint the JWT is addressed to.
#pragma once

#include <string>

#include "jobkit/job_environment.hpp"
#include "jobkit/job_error.hpp"
#include "jobkit/rsa_key.hpp"

namespace sync_sheets {

struct ServiceAccount {
  std::string client_email;
  std::string private_key_id;
  std::string token_uri;  // the JWT's audience, as the key file names it
  jobkit::RsaKey private_key;
};

// Errors: config (78, field "env:GOOGLE_APPLICATION_CREDENTIALS") when the variable is unset,
// the file cannot be read, is not a service-account key or its key is not an RSA PEM key.
// Messages never quote the file's content.
jobkit::Result<ServiceAccount> read_service_account(const jobkit::EnvironmentLookup& environment);

}  // namespace sync_sheets
