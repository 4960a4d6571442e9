// HKDF written out with HMAC, because each expansion here needs one block only:
// HKDF-Extract(salt, ikm) = HMAC(salt, ikm); HKDF-Expand(prk, info, L<=32) = HMAC(prk, info || 0x01)[0..L].
#include "web_push_crypto.hpp"

#include "jobkit/digest.hpp"

#include <openssl/evp.h>

namespace send_notification {
namespace {

std::string expand(std::string_view prk, std::string_view info, std::size_t length) {
  std::string input(info);
  input += '\x01';
  return jobkit::hmac_sha256(prk, input).substr(0, length);
}

std::string info_label(std::string_view label) {
  std::string info(label);
  info += '\0';
  return info;
}

std::string uint32_be(std::uint32_t value) {
  return {static_cast<char>(value >> 24), static_cast<char>(value >> 16), static_cast<char>(value >> 8),
          static_cast<char>(value)};
}

enum class Direction { encrypt, decrypt };

// AES-128-GCM over one record; for decryption the input ends with the 16-byte tag.
std::optional<std::string> aes128gcm(Direction direction, const WebPushKeys& keys, std::string_view input) {
  constexpr std::size_t k_tag = 16;
  if (direction == Direction::decrypt && input.size() < k_tag) return std::nullopt;
  const auto data = direction == Direction::decrypt ? input.substr(0, input.size() - k_tag) : input;
  EVP_CIPHER_CTX* context = EVP_CIPHER_CTX_new();
  const auto* key = reinterpret_cast<const unsigned char*>(keys.content_encryption_key.data());
  const auto* nonce = reinterpret_cast<const unsigned char*>(keys.nonce.data());
  std::string out(data.size() + k_tag, '\0');
  int length = 0;
  int final_length = 0;
  auto* out_bytes = reinterpret_cast<unsigned char*>(out.data());
  const auto* in_bytes = reinterpret_cast<const unsigned char*>(data.data());
  bool ok = false;
  if (direction == Direction::encrypt) {
    ok = EVP_EncryptInit_ex(context, EVP_aes_128_gcm(), nullptr, key, nonce) == 1 &&
         EVP_EncryptUpdate(context, out_bytes, &length, in_bytes, static_cast<int>(data.size())) == 1 &&
         EVP_EncryptFinal_ex(context, out_bytes + length, &final_length) == 1 &&
         EVP_CIPHER_CTX_ctrl(context, EVP_CTRL_GCM_GET_TAG, k_tag, out_bytes + data.size()) == 1;
  } else {
    std::string tag(input.substr(input.size() - k_tag));
    ok = EVP_DecryptInit_ex(context, EVP_aes_128_gcm(), nullptr, key, nonce) == 1 &&
         EVP_DecryptUpdate(context, out_bytes, &length, in_bytes, static_cast<int>(data.size())) == 1 &&
         EVP_CIPHER_CTX_ctrl(context, EVP_CTRL_GCM_SET_TAG, k_tag, tag.data()) == 1 &&
         EVP_DecryptFinal_ex(context, out_bytes + length, &final_length) == 1;
    out.resize(data.size());
  }
  EVP_CIPHER_CTX_free(context);
  if (!ok) return std::nullopt;
  return out;
}

}  // namespace

WebPushKeys derive_web_push_keys(std::string_view ecdh_secret, std::string_view auth_secret,
                                 std::string_view ua_public, std::string_view as_public, std::string_view salt) {
  const auto prk_key = jobkit::hmac_sha256(auth_secret, ecdh_secret);
  std::string key_info = info_label("WebPush: info");
  key_info += ua_public;
  key_info += as_public;
  const auto ikm = expand(prk_key, key_info, 32);
  const auto prk = jobkit::hmac_sha256(salt, ikm);
  return {expand(prk, info_label("Content-Encoding: aes128gcm"), 16), expand(prk, info_label("Content-Encoding: nonce"), 12)};
}

std::optional<std::string> encrypt_web_push(std::string_view plaintext, std::string_view ua_public,
                                            std::string_view auth_secret, const jobkit::EcKey& as_key, std::string_view salt) {
  const auto ua_key = jobkit::EcKey::from_public_point(ua_public);
  if (!ua_key) return std::nullopt;
  const auto secret = as_key.derive_secret(*ua_key);
  if (!secret) return std::nullopt;
  const auto as_public = as_key.public_point();
  const auto keys = derive_web_push_keys(*secret, auth_secret, ua_public, as_public, salt);
  std::string record(plaintext);
  record += '\x02';  // delimiter of the last (and only) record, no further padding
  auto ciphertext = aes128gcm(Direction::encrypt, keys, record);
  if (!ciphertext) return std::nullopt;
  std::string body(salt);
  body += uint32_be(k_web_push_record_size);
  body += static_cast<char>(as_public.size());
  body += as_public;
  return body + *ciphertext;
}

std::optional<std::string> decrypt_web_push(std::string_view body, const jobkit::EcKey& ua_key, std::string_view auth_secret) {
  if (body.size() < 21 + 65 + 17 || static_cast<unsigned char>(body[20]) != 65) return std::nullopt;
  const auto salt = body.substr(0, 16);
  const auto as_public = body.substr(21, 65);
  const auto as_key = jobkit::EcKey::from_public_point(as_public);
  if (!as_key) return std::nullopt;
  const auto secret = ua_key.derive_secret(*as_key);
  if (!secret) return std::nullopt;
  const auto keys = derive_web_push_keys(*secret, auth_secret, ua_key.public_point(), as_public, salt);
  auto record = aes128gcm(Direction::decrypt, keys, body.substr(86));
  if (!record) return std::nullopt;
  const auto delimiter = record->find_last_not_of('\0');
  if (delimiter == std::string::npos || (*record)[delimiter] != '\x02') return std::nullopt;
  record->resize(delimiter);
  return record;
}

}  // namespace send_notification
