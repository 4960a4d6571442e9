// RFC 8291 message encryption for web push: the aes128gcm content coding of RFC 8188 with
// keys derived from an ECDH between a one-time key of ours and the browser's p256dh key,
// mixed with the subscription's authentication secret. One record per message.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "jobkit/ec_key.hpp"

namespace send_notification {

inline constexpr std::uint32_t k_web_push_record_size = 4096;
// 4096 minus the header (86), the GCM tag (16) and the padding delimiter (1).
inline constexpr std::size_t k_max_web_push_plaintext = 3993;

struct WebPushKeys {
  std::string content_encryption_key;  // 16 bytes
  std::string nonce;                   // 12 bytes
};

// RFC 8291 §3.4 and RFC 8188 §2.2–2.3.
WebPushKeys derive_web_push_keys(std::string_view ecdh_secret, std::string_view auth_secret,
                                 std::string_view ua_public, std::string_view as_public, std::string_view salt);

// The request body: salt || record size || key id length || our public key || the record.
// as_key is the one-time key pair (fresh per message), salt 16 random bytes.
// nullopt when ua_public is not a P-256 point.
std::optional<std::string> encrypt_web_push(std::string_view plaintext, std::string_view ua_public,
                                            std::string_view auth_secret, const jobkit::EcKey& as_key, std::string_view salt);

// The reverse, as the browser does it (for tests and fakes). nullopt when it does not decrypt.
std::optional<std::string> decrypt_web_push(std::string_view body, const jobkit::EcKey& ua_key, std::string_view auth_secret);

}  // namespace send_notification
