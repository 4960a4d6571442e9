// sync-sheets' command-line options.
#pragma once

#include <string>

namespace sync_sheets {

struct Options {
  // The folder of the named queries; empty: SYNC_SHEETS_QUERIES, else the shipped ones.
  std::string queries_dir;
};

}  // namespace sync_sheets
