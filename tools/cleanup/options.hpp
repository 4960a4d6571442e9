// cleanup's command-line options: none, so that every main() looks alike.
#pragma once

namespace cleanup {

struct Options {};

}  // namespace cleanup
