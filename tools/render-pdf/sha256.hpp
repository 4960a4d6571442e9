// SHA-256 of the stored PDF, reported in the result so that consumers can check the file.
#pragma once

#include <string>
#include <string_view>

namespace render_pdf {

// Lower-case hex digest.
std::string sha256_hex(std::string_view bytes);

}  // namespace render_pdf
