// Test helper of differential.mjs: node_json_round_trip over many texts in one process.
// Each text arrives on stdin as "<byte count>\n<bytes>" (texts hold any byte, newlines and
// NULs included); each answer leaves on stdout in the same framing, or as "refused\n" where
// node_json_round_trip gives nullopt.
#include <iostream>
#include <string>

#include "jobkit/node_json.hpp"

int main() {
  std::ios::sync_with_stdio(false);
  std::string size_line;
  while (std::getline(std::cin, size_line)) {
    std::string text(std::stoul(size_line), '\0');
    if (!std::cin.read(text.data(), static_cast<std::streamsize>(text.size()))) {
      std::cerr << "node-json-filter: input ends inside a text\n";
      return 65;
    }
    if (const auto result = jobkit::node_json_round_trip(text)) {
      std::cout << result->size() << '\n' << *result;
    } else {
      std::cout << "refused\n";
    }
  }
  std::cout.flush();
  return std::cout ? 0 : 74;
}
