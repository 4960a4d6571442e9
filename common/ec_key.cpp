// OpenSSL 3 provider API only (EVP_PKEY_fromdata, OSSL_PARAM): the EC_KEY functions are
// deprecated in OpenSSL 3 and would not compile warning-free.
#include "jobkit/ec_key.hpp"

#include <array>
#include <stdexcept>

#include <openssl/core_names.h>
#include <openssl/ec.h>
#include <openssl/evp.h>
#include <openssl/param_build.h>
#include <openssl/pem.h>

namespace jobkit {
namespace {

constexpr char k_curve[] = "prime256v1";

const unsigned char* ec_bytes_of(std::string_view text) { return reinterpret_cast<const unsigned char*>(text.data()); }

// Builds a key from parameters; selection says whether it is a key pair or a public key.
EVP_PKEY* key_from_params(OSSL_PARAM_BLD* builder, int selection) {
  OSSL_PARAM* params = OSSL_PARAM_BLD_to_param(builder);
  EVP_PKEY_CTX* context = EVP_PKEY_CTX_new_from_name(nullptr, "EC", nullptr);
  EVP_PKEY* key = nullptr;
  if (params != nullptr && context != nullptr && EVP_PKEY_fromdata_init(context) == 1) {
    EVP_PKEY_fromdata(context, &key, selection, params);
  }
  EVP_PKEY_CTX_free(context);
  OSSL_PARAM_free(params);
  return key;
}

}  // namespace

void EcKey::Free::operator()(EVP_PKEY* key) const { EVP_PKEY_free(key); }

EcKey EcKey::generate() {
  EVP_PKEY* key = EVP_EC_gen(k_curve);
  if (key == nullptr) throw std::runtime_error("cannot generate a P-256 key");
  return EcKey(key);
}

std::optional<EcKey> EcKey::from_private_scalar(std::string_view scalar32, std::string_view public_point65) {
  BIGNUM* scalar = BN_bin2bn(ec_bytes_of(scalar32), static_cast<int>(scalar32.size()), nullptr);
  OSSL_PARAM_BLD* builder = OSSL_PARAM_BLD_new();
  OSSL_PARAM_BLD_push_utf8_string(builder, OSSL_PKEY_PARAM_GROUP_NAME, k_curve, 0);
  OSSL_PARAM_BLD_push_BN(builder, OSSL_PKEY_PARAM_PRIV_KEY, scalar);
  OSSL_PARAM_BLD_push_octet_string(builder, OSSL_PKEY_PARAM_PUB_KEY, public_point65.data(), public_point65.size());
  EVP_PKEY* key = key_from_params(builder, EVP_PKEY_KEYPAIR);
  OSSL_PARAM_BLD_free(builder);
  BN_free(scalar);
  if (key == nullptr) return std::nullopt;
  return EcKey(key);
}

std::optional<EcKey> EcKey::from_public_point(std::string_view point65) {
  if (point65.size() != 65 || point65[0] != 0x04) return std::nullopt;
  OSSL_PARAM_BLD* builder = OSSL_PARAM_BLD_new();
  OSSL_PARAM_BLD_push_utf8_string(builder, OSSL_PKEY_PARAM_GROUP_NAME, k_curve, 0);
  OSSL_PARAM_BLD_push_octet_string(builder, OSSL_PKEY_PARAM_PUB_KEY, point65.data(), point65.size());
  EVP_PKEY* key = key_from_params(builder, EVP_PKEY_PUBLIC_KEY);
  OSSL_PARAM_BLD_free(builder);
  if (key == nullptr) return std::nullopt;
  // fromdata does not prove the point is on the curve; the public key check does.
  EVP_PKEY_CTX* check = EVP_PKEY_CTX_new_from_pkey(nullptr, key, nullptr);
  const bool valid = check != nullptr && EVP_PKEY_public_check(check) == 1;
  EVP_PKEY_CTX_free(check);
  if (!valid) {
    EVP_PKEY_free(key);
    return std::nullopt;
  }
  return EcKey(key);
}

std::optional<EcKey> EcKey::from_pem(std::string_view pem) {
  BIO* bio = BIO_new_mem_buf(pem.data(), static_cast<int>(pem.size()));
  EVP_PKEY* key = PEM_read_bio_PrivateKey(bio, nullptr, nullptr, nullptr);
  BIO_free(bio);
  if (key == nullptr) return std::nullopt;
  std::array<char, 64> group{};
  std::size_t length = 0;
  if (EVP_PKEY_get_base_id(key) != EVP_PKEY_EC ||
      EVP_PKEY_get_utf8_string_param(key, OSSL_PKEY_PARAM_GROUP_NAME, group.data(), group.size(), &length) != 1 ||
      std::string_view(group.data(), length) != k_curve) {
    EVP_PKEY_free(key);
    return std::nullopt;
  }
  return EcKey(key);
}

std::string EcKey::public_point() const {
  std::array<unsigned char, 65> point{};
  std::size_t length = 0;
  EVP_PKEY_set_utf8_string_param(m_key.get(), OSSL_PKEY_PARAM_EC_POINT_CONVERSION_FORMAT, "uncompressed");
  if (EVP_PKEY_get_octet_string_param(m_key.get(), OSSL_PKEY_PARAM_PUB_KEY, point.data(), point.size(), &length) != 1) {
    throw std::runtime_error("cannot read an EC public key");
  }
  return std::string(reinterpret_cast<const char*>(point.data()), length);
}

std::optional<std::string> EcKey::derive_secret(const EcKey& peer) const {
  EVP_PKEY_CTX* context = EVP_PKEY_CTX_new(m_key.get(), nullptr);
  std::string secret(32, '\0');
  std::size_t length = secret.size();
  const bool ok = context != nullptr && EVP_PKEY_derive_init(context) == 1 &&
                  EVP_PKEY_derive_set_peer(context, peer.m_key.get()) == 1 &&
                  EVP_PKEY_derive(context, reinterpret_cast<unsigned char*>(secret.data()), &length) == 1;
  EVP_PKEY_CTX_free(context);
  if (!ok || length != 32) return std::nullopt;
  return secret;
}

std::string EcKey::sign_es256(std::string_view data) const {
  EVP_MD_CTX* context = EVP_MD_CTX_new();
  std::array<unsigned char, 80> der{};
  std::size_t length = der.size();
  const bool ok = EVP_DigestSignInit(context, nullptr, EVP_sha256(), nullptr, m_key.get()) == 1 &&
                  EVP_DigestSign(context, der.data(), &length, ec_bytes_of(data), data.size()) == 1;
  EVP_MD_CTX_free(context);
  if (!ok) throw std::runtime_error("ES256 signing failed");
  const unsigned char* cursor = der.data();
  ECDSA_SIG* signature = d2i_ECDSA_SIG(nullptr, &cursor, static_cast<long>(length));
  std::string raw(64, '\0');
  BN_bn2binpad(ECDSA_SIG_get0_r(signature), reinterpret_cast<unsigned char*>(raw.data()), 32);
  BN_bn2binpad(ECDSA_SIG_get0_s(signature), reinterpret_cast<unsigned char*>(raw.data() + 32), 32);
  ECDSA_SIG_free(signature);
  return raw;
}

bool EcKey::verify_es256(std::string_view data, std::string_view signature64) const {
  if (signature64.size() != 64) return false;
  ECDSA_SIG* signature = ECDSA_SIG_new();
  ECDSA_SIG_set0(signature, BN_bin2bn(ec_bytes_of(signature64), 32, nullptr),
                 BN_bin2bn(ec_bytes_of(signature64.substr(32)), 32, nullptr));
  unsigned char* der = nullptr;
  const int der_length = i2d_ECDSA_SIG(signature, &der);
  ECDSA_SIG_free(signature);
  EVP_MD_CTX* context = EVP_MD_CTX_new();
  const bool ok = der_length > 0 && EVP_DigestVerifyInit(context, nullptr, EVP_sha256(), nullptr, m_key.get()) == 1 &&
                  EVP_DigestVerify(context, der, static_cast<std::size_t>(der_length), ec_bytes_of(data), data.size()) == 1;
  EVP_MD_CTX_free(context);
  OPENSSL_free(der);
  return ok;
}

}  // namespace jobkit
