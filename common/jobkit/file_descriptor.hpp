// Writing to raw file descriptors, where a short write or EINTR is not an error.
#pragma once

#include <string_view>

namespace jobkit {

// Writes every byte, retrying after EINTR and short writes. Returns 0, or the errno of the
// write that failed.
int write_all(int fd, std::string_view bytes);

}  // namespace jobkit
