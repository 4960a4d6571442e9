// P-256 keys with OpenSSL 3, as web push and ES256 JWTs need them: raw 65-byte uncompressed
// public points (a browser's p256dh, an ephemeral key), ECDH, and ES256 signatures in the
// raw r||s form JWS uses (OpenSSL produces DER).
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <string_view>

typedef struct evp_pkey_st EVP_PKEY;

namespace jobkit {

class EcKey {
 public:
  // A fresh key pair.
  static EcKey generate();
  // nullopt when the bytes are not a key on P-256.
  static std::optional<EcKey> from_private_scalar(std::string_view scalar32, std::string_view public_point65);
  static std::optional<EcKey> from_public_point(std::string_view point65);
  // A PEM EC private key (SEC1 or PKCS#8) on P-256.
  static std::optional<EcKey> from_pem(std::string_view pem);

  // The 65-byte uncompressed public point.
  std::string public_point() const;
  // The 32-byte ECDH shared secret with peer's public key; nullopt on failure.
  std::optional<std::string> derive_secret(const EcKey& peer) const;
  // ES256 over data: 64 bytes r||s.
  std::string sign_es256(std::string_view data) const;
  bool verify_es256(std::string_view data, std::string_view signature64) const;

 private:
  struct Free {
    void operator()(EVP_PKEY* key) const;
  };
  explicit EcKey(EVP_PKEY* key) : m_key(key) {}
  std::unique_ptr<EVP_PKEY, Free> m_key;
};

}  // namespace jobkit
