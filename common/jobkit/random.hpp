// Unpredictable bytes from the kernel (getrandom), for ids, MIME boundaries and
// cryptographic salts alike.
#pragma once

#include <cstddef>
#include <string>

namespace jobkit {

// count random bytes. Throws std::runtime_error when the kernel gives none (never seen).
std::string random_bytes(std::size_t count);

// digits random lower-case hexadecimal digits, e.g. random_hex(32) for 128 bits.
std::string random_hex(std::size_t digits);

}  // namespace jobkit
