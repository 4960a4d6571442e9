#include <doctest/doctest.h>

#include <string>

#include <openssl/evp.h>
#include <openssl/pem.h>

#include "jobkit/rsa_key.hpp"

namespace {

// A fresh key as PEM, the form a key file holds.
std::string generated_pem(EVP_PKEY* key) {
  BIO* bio = BIO_new(BIO_s_mem());
  PEM_write_bio_PrivateKey(bio, key, nullptr, nullptr, 0, nullptr, nullptr);
  char* data = nullptr;
  const long length = BIO_get_mem_data(bio, &data);
  std::string pem(data, static_cast<std::size_t>(length));
  BIO_free(bio);
  EVP_PKEY_free(key);
  return pem;
}

}  // namespace

TEST_CASE("RS256: a signature as long as the modulus that verifies only for its data") {
  const auto key = jobkit::RsaKey::from_pem(generated_pem(EVP_RSA_gen(2048)));
  REQUIRE(key);
  const auto signature = key->sign_rs256("header.claims");
  CHECK(signature.size() == 256);
  CHECK(key->verify_rs256("header.claims", signature));
  CHECK_FALSE(key->verify_rs256("header.claimz", signature));
  // PKCS#1 v1.5 signatures are deterministic: the same data signs the same.
  CHECK(key->sign_rs256("header.claims") == signature);
}

TEST_CASE("RsaKey: from_pem refuses an EC key and text that is no key") {
  CHECK_FALSE(jobkit::RsaKey::from_pem(generated_pem(EVP_EC_gen("prime256v1"))));
  CHECK_FALSE(jobkit::RsaKey::from_pem("-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----\n"));
}

TEST_CASE("RsaKey: from_public_pem verifies what the private half signed and refuses a private key") {
  EVP_PKEY* generated = EVP_RSA_gen(2048);
  BIO* bio = BIO_new(BIO_s_mem());
  PEM_write_bio_PUBKEY(bio, generated);
  char* data = nullptr;
  const long length = BIO_get_mem_data(bio, &data);
  const std::string public_pem(data, static_cast<std::size_t>(length));
  BIO_free(bio);
  const auto private_key = jobkit::RsaKey::from_pem(generated_pem(generated));
  const auto public_key = jobkit::RsaKey::from_public_pem(public_pem);
  REQUIRE(private_key);
  REQUIRE(public_key);
  const auto signature = private_key->sign_rs256("header.claims");
  CHECK(public_key->verify_rs256("header.claims", signature));
  CHECK_FALSE(public_key->verify_rs256("header.claimz", signature));
  CHECK_FALSE(jobkit::RsaKey::from_public_pem(generated_pem(EVP_RSA_gen(2048))));
}
