// RSA private keys with OpenSSL 3 and RSASSA-PKCS1-v1_5 signatures over SHA-256: DKIM's
// rsa-sha256 and JWS's RS256 (service-account JWTs) are the same signature.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <string_view>

typedef struct evp_pkey_st EVP_PKEY;

namespace jobkit {

class RsaKey {
 public:
  // A PEM RSA private key (PKCS#1 or PKCS#8); nullopt for anything else.
  static std::optional<RsaKey> from_pem(std::string_view pem);
  // A PEM RSA public key (SubjectPublicKeyInfo, "BEGIN PUBLIC KEY"), for checking signatures
  // only (a verifier such as a test's fake of a token endpoint); sign_rs256 throws on it.
  static std::optional<RsaKey> from_public_pem(std::string_view pem);

  // The signature (as long as the modulus). Throws std::runtime_error when OpenSSL fails.
  std::string sign_rs256(std::string_view data) const;
  // Checks a signature with the key's public half.
  bool verify_rs256(std::string_view data, std::string_view signature) const;

 private:
  struct Free {
    void operator()(EVP_PKEY* key) const;
  };
  explicit RsaKey(EVP_PKEY* key) : m_key(key) {}
  std::unique_ptr<EVP_PKEY, Free> m_key;
};

}  // namespace jobkit
