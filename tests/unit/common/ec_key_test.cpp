#include <doctest/doctest.h>

#include <string>

#include "jobkit/ec_key.hpp"

TEST_CASE("ES256 signatures are raw r and s and verify") {
  const auto key = jobkit::EcKey::generate();
  const auto signature = key.sign_es256("header.claims");
  CHECK(signature.size() == 64);
  CHECK(key.verify_es256("header.claims", signature));
  CHECK_FALSE(key.verify_es256("header.claimz", signature));
  CHECK_FALSE(jobkit::EcKey::from_public_point(std::string(65, '\x04')));
}

TEST_CASE("EcKey: the public point alone verifies what the private key signed") {
  const auto key = jobkit::EcKey::generate();
  const auto point = key.public_point();
  REQUIRE(point.size() == 65);
  const auto public_only = jobkit::EcKey::from_public_point(point);
  REQUIRE(public_only);
  CHECK(public_only->verify_es256("payload", key.sign_es256("payload")));
}

TEST_CASE("EcKey: both sides of ECDH derive the same secret") {
  const auto ours = jobkit::EcKey::generate();
  const auto theirs = jobkit::EcKey::generate();
  const auto one = ours.derive_secret(theirs);
  const auto other = theirs.derive_secret(ours);
  REQUIRE(one);
  CHECK(one->size() == 32);
  CHECK(one == other);
}

TEST_CASE("EcKey: from_pem takes a P-256 key and nothing else") {
  CHECK_FALSE(jobkit::EcKey::from_pem("not a key"));
}
