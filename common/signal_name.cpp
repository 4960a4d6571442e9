#include "jobkit/signal_name.hpp"

#include <string.h>

#include <fmt/format.h>

namespace jobkit {

std::string signal_name(int signal) {
  const char* abbreviation = ::sigabbrev_np(signal);
  return abbreviation != nullptr ? fmt::format("SIG{}", abbreviation) : fmt::format("signal {}", signal);
}

}  // namespace jobkit
