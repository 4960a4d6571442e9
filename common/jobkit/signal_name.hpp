// Signals named as people know them, for logs and job results.
#pragma once

#include <string>

namespace jobkit {

// "SIGKILL" for 9; "signal N" for numbers without a name.
std::string signal_name(int signal);

}  // namespace jobkit
