// BullMQ's scripts take their option objects msgpacked (msgpackr on the Node side, cmsgpack
// in the scripts); nlohmann's encoding of the same JSON reads back identically there.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

namespace bullmq {

inline std::string msgpack(const nlohmann::json& value) {
  const std::vector<std::uint8_t> bytes = nlohmann::json::to_msgpack(value);
  return std::string(bytes.begin(), bytes.end());
}

}  // namespace bullmq
