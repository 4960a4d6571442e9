#include "services.hpp"

#include <cstdlib>
#include <stdexcept>

namespace jobkit::testing {

std::string required_service_variable(const char* name) {
  const char* value = std::getenv(name);
  if (value == nullptr || *value == '\0') {
    throw std::runtime_error(std::string(name) + " is not set: run the tests through scripts/test, which starts "
                                                 "private services and exports it");
  }
  return value;
}

}  // namespace jobkit::testing
