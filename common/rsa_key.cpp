// RSA keys and RS256 with the OpenSSL 3 EVP interface.
#include "jobkit/rsa_key.hpp"

#include <stdexcept>

#include <openssl/evp.h>
#include <openssl/pem.h>

namespace jobkit {
namespace {

// The key when it is an RSA key; otherwise frees it and returns null.
EVP_PKEY* only_rsa(EVP_PKEY* key) {
  if (key != nullptr && EVP_PKEY_get_base_id(key) != EVP_PKEY_RSA) {
    EVP_PKEY_free(key);
    return nullptr;
  }
  return key;
}

}  // namespace

void RsaKey::Free::operator()(EVP_PKEY* key) const { EVP_PKEY_free(key); }

std::optional<RsaKey> RsaKey::from_pem(std::string_view pem) {
  BIO* bio = BIO_new_mem_buf(pem.data(), static_cast<int>(pem.size()));
  EVP_PKEY* key = only_rsa(PEM_read_bio_PrivateKey(bio, nullptr, nullptr, nullptr));
  BIO_free(bio);
  if (key == nullptr) return std::nullopt;
  return RsaKey(key);
}

std::optional<RsaKey> RsaKey::from_public_pem(std::string_view pem) {
  BIO* bio = BIO_new_mem_buf(pem.data(), static_cast<int>(pem.size()));
  EVP_PKEY* key = only_rsa(PEM_read_bio_PUBKEY(bio, nullptr, nullptr, nullptr));
  BIO_free(bio);
  if (key == nullptr) return std::nullopt;
  return RsaKey(key);
}

std::string RsaKey::sign_rs256(std::string_view data) const {
  const auto* input = reinterpret_cast<const unsigned char*>(data.data());
  EVP_MD_CTX* context = EVP_MD_CTX_new();
  std::size_t length = 0;
  std::string signature;
  if (EVP_DigestSignInit(context, nullptr, EVP_sha256(), nullptr, m_key.get()) == 1 &&
      EVP_DigestSign(context, nullptr, &length, input, data.size()) == 1) {
    signature.resize(length);
    if (EVP_DigestSign(context, reinterpret_cast<unsigned char*>(signature.data()), &length, input, data.size()) == 1) {
      signature.resize(length);
    } else {
      signature.clear();
    }
  }
  EVP_MD_CTX_free(context);
  if (signature.empty()) throw std::runtime_error("RS256 signing failed");
  return signature;
}

bool RsaKey::verify_rs256(std::string_view data, std::string_view signature) const {
  EVP_MD_CTX* context = EVP_MD_CTX_new();
  const bool ok = EVP_DigestVerifyInit(context, nullptr, EVP_sha256(), nullptr, m_key.get()) == 1 &&
                  EVP_DigestVerify(context, reinterpret_cast<const unsigned char*>(signature.data()), signature.size(),
                                   reinterpret_cast<const unsigned char*>(data.data()), data.size()) == 1;
  EVP_MD_CTX_free(context);
  return ok;
}

}  // namespace jobkit
