// jobkit::warm_up_postgres_client: what libpq sets up on a process's first connection, done
// ahead in a fork server. Apart from postgres_connection.cpp because it talks to OpenSSL, not
// to libpq.
#include <openssl/evp.h>
#include <openssl/ssl.h>

#include "jobkit/postgres_connection.hpp"

namespace jobkit {

void warm_up_postgres_client() {
  // libpq loads OpenSSL's configuration before its first TLS request (sslmode=prefer, the
  // default, asks on every TCP connection).
  (void)OPENSSL_init_ssl(OPENSSL_INIT_LOAD_CONFIG, nullptr);
  // SCRAM's key derivation (4096 HMAC-SHA-256 rounds) finds SHA-256 through OpenSSL's default
  // provider: the first use in a process loads the provider and caches the implementation.
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int size = 0;
  (void)EVP_Digest("", 0, digest, &size, EVP_sha256(), nullptr);
}

}  // namespace jobkit
