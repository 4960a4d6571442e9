// Random bytes with getrandom(2): no file descriptor to open, and it blocks only until the
// kernel's pool is first initialised at boot.
#include "jobkit/random.hpp"

#include <sys/random.h>

#include <cerrno>
#include <stdexcept>

namespace jobkit {

std::string random_bytes(std::size_t count) {
  std::string bytes(count, '\0');
  std::size_t filled = 0;
  while (filled < count) {
    const ssize_t got = ::getrandom(bytes.data() + filled, count - filled, 0);
    if (got < 0 && errno == EINTR) continue;
    if (got <= 0) throw std::runtime_error("the random number generator failed");
    filled += static_cast<std::size_t>(got);
  }
  return bytes;
}

std::string random_hex(std::size_t digits) {
  constexpr std::string_view k_hex = "0123456789abcdef";
  const std::string bytes = random_bytes((digits + 1) / 2);
  std::string out;
  out.reserve(digits);
  for (const char c : bytes) {
    const auto byte = static_cast<unsigned char>(c);
    out += k_hex[byte >> 4];
    if (out.size() < digits) out += k_hex[byte & 15];
  }
  return out;
}

}  // namespace jobkit
