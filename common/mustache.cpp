// Mustache rendering in two steps: the template is parsed into a tree of nodes (so an
// unclosed section is reported before anything is rendered), then the tree is walked with
// a stack of contexts.
#include "jobkit/mustache.hpp"

#include <algorithm>
#include <vector>

namespace jobkit {
namespace {

constexpr int k_max_partial_depth = 16;
// Bounds on what a template may cost, since inline templates come from job data: sections
// nest no deeper than this (rendering recurses per level), and one rendering takes at most
// so many steps and bytes (sections over lists multiply: 20 nested over 10 items is 10^20).
constexpr std::size_t k_max_section_depth = 32;
constexpr std::size_t k_max_render_steps = 10'000'000;
constexpr std::size_t k_max_rendered_bytes = 32 * 1024 * 1024;
const nlohmann::json k_absent;  // null: what a section over a missing name sees

enum class NodeKind { text, escaped, raw, section, inverted, partial };

struct Node {
  NodeKind kind = NodeKind::text;
  std::string text;  // literal text, or the tag's name
  std::vector<Node> children;
};

JobError template_error(std::string message) { return JobError::make(ExitCode::invalid_data, "template: " + std::move(message)); }

bool is_blank(std::string_view text) { return text.find_first_not_of(" \t\r") == std::string_view::npos; }

std::string_view trim(std::string_view text) {
  const auto first = text.find_first_not_of(" \t");
  if (first == std::string_view::npos) return {};
  const auto last = text.find_last_not_of(" \t");
  return text.substr(first, last - first + 1);
}

class Parser {
 public:
  explicit Parser(std::string_view text) : m_text(text) {}

  Result<std::vector<Node>> parse() {
    std::vector<Node> root;
    m_open.push_back(&root);
    while (m_cursor < m_text.size()) {
      if (auto step = parse_next(); !step) return step.error();
    }
    if (!m_open_names.empty()) return template_error("section \"" + m_open_names.back() + "\" is never closed");
    return root;
  }

 private:
  Status parse_next() {
    const auto open = m_text.find("{{", m_cursor);
    if (open == std::string_view::npos) {
      add_text(m_text.substr(m_cursor));
      m_cursor = m_text.size();
      return Done{};
    }
    add_text(m_text.substr(m_cursor, open - m_cursor));
    const bool triple = m_text.substr(open).starts_with("{{{");
    const std::string_view closer = triple ? "}}}" : "}}";
    const auto body_start = open + (triple ? 3 : 2);
    const auto close = m_text.find(closer, body_start);
    if (close == std::string_view::npos) return template_error("tag opened at byte " + std::to_string(open) + " is never closed");
    m_cursor = close + closer.size();
    if (triple) return add_tag(NodeKind::raw, trim(m_text.substr(body_start, close - body_start)), open);
    const auto body = trim(m_text.substr(body_start, close - body_start));
    if (body.empty()) return template_error("empty tag at byte " + std::to_string(open));
    const auto name = trim(body.substr(1));
    switch (body.front()) {
      case '!': standalone(open); return Done{};
      case '#': return open_section(NodeKind::section, name, open);
      case '^': return open_section(NodeKind::inverted, name, open);
      case '/': return close_section(name, open);
      case '>':
        add_node(NodeKind::partial, name);
        standalone(open);
        return Done{};
      case '&': return add_tag(NodeKind::raw, name, open);
      case '=': return template_error("set-delimiter tags are not supported");
      default: return add_tag(NodeKind::escaped, body, open);
    }
  }

  void add_text(std::string_view text) {
    if (text.empty()) return;
    auto& nodes = *m_open.back();
    if (!nodes.empty() && nodes.back().kind == NodeKind::text) {
      nodes.back().text += text;
    } else {
      nodes.push_back({NodeKind::text, std::string(text), {}});
    }
  }

  Node& add_node(NodeKind kind, std::string_view name) {
    m_open.back()->push_back({kind, std::string(name), {}});
    return m_open.back()->back();
  }

  Status add_tag(NodeKind kind, std::string_view name, std::size_t at) {
    if (name.empty()) return template_error("empty tag at byte " + std::to_string(at));
    add_node(kind, name);
    return Done{};
  }

  Status open_section(NodeKind kind, std::string_view name, std::size_t at) {
    if (name.empty()) return template_error("empty section name at byte " + std::to_string(at));
    if (m_open_names.size() >= k_max_section_depth) {
      return template_error("sections nested deeper than " + std::to_string(k_max_section_depth) + " at byte " +
                            std::to_string(at));
    }
    auto& node = add_node(kind, name);
    standalone(at);
    m_open.push_back(&node.children);
    m_open_names.emplace_back(name);
    return Done{};
  }

  Status close_section(std::string_view name, std::size_t at) {
    if (m_open_names.empty()) return template_error("section \"" + std::string(name) + "\" closed but never opened");
    if (m_open_names.back() != name) {
      return template_error("section \"" + m_open_names.back() + "\" closed by \"" + std::string(name) + "\"");
    }
    standalone(at);
    m_open.pop_back();
    m_open_names.pop_back();
    return Done{};
  }

  // A tag alone on its line removes the whole line (its indentation and line ending), so
  // that sections and comments leave no blank lines in plain-text output.
  // Only the blanks next to the tag are looked at, never the whole line, so that a template
  // of many tags on one long line is parsed in linear time.
  void standalone(std::size_t tag_start) {
    std::size_t from = tag_start;
    while (from > 0 && is_blank(m_text.substr(from - 1, 1))) --from;
    if (from > 0 && m_text[from - 1] != '\n') return;
    std::size_t line_end = m_cursor;
    while (line_end < m_text.size() && is_blank(m_text.substr(line_end, 1))) ++line_end;
    if (line_end < m_text.size() && m_text[line_end] != '\n') return;
    strip_trailing_indent(tag_start - from);
    m_cursor = line_end == m_text.size() ? line_end : line_end + 1;
  }

  // Removes the indentation before a standalone tag from the text already collected. The
  // tag node was appended already, so the text sits just before it.
  void strip_trailing_indent(std::size_t indent) {
    if (indent == 0) return;
    auto& nodes = *m_open.back();
    for (auto node = nodes.rbegin(); node != nodes.rend(); ++node) {
      if (node->kind != NodeKind::text) continue;
      node->text.resize(node->text.size() - std::min(indent, node->text.size()));
      return;
    }
  }

  std::string_view m_text;
  std::size_t m_cursor = 0;
  std::vector<std::vector<Node>*> m_open;
  std::vector<std::string> m_open_names;
};

void append_escaped(std::string& out, std::string_view text) {
  for (const char c : text) {
    switch (c) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&quot;"; break;
      case '\'': out += "&#39;"; break;
      default: out += c;
    }
  }
}

std::string to_text(const nlohmann::json& value) {
  if (value.is_string()) return value.get<std::string>();
  if (value.is_null()) return {};
  return value.dump();
}

bool is_falsey(const nlohmann::json& value) {
  return value.is_null() || (value.is_boolean() && !value.get<bool>()) || (value.is_array() && value.empty()) ||
         (value.is_string() && value.get_ref<const std::string&>().empty());
}

class Renderer {
 public:
  Renderer(Escaping escaping, const PartialLookup& partials) : m_escaping(escaping), m_partials(partials) {}

  Status render(const std::vector<Node>& nodes, std::vector<const nlohmann::json*>& stack, int depth) {
    for (const auto& node : nodes) {
      if (auto done = render_node(node, stack, depth); !done) return done;
    }
    return Done{};
  }

  std::string take() { return std::move(m_out); }

 private:
  Status render_node(const Node& node, std::vector<const nlohmann::json*>& stack, int depth) {
    if (++m_steps > k_max_render_steps || m_out.size() > k_max_rendered_bytes) {
      return template_error("renders too much (more than " + std::to_string(k_max_render_steps) + " steps or " +
                            std::to_string(k_max_rendered_bytes) + " bytes; do sections over lists nest?)");
    }
    if (node.kind == NodeKind::text) {
      m_out += node.text;
      return Done{};
    }
    if (node.kind == NodeKind::partial) return render_partial(node.text, stack, depth);
    const auto* value = look_up(node.text, stack);
    if (value == nullptr) {
      // An optional part of the data ({{#coupon}}...{{/coupon}}) may be left out.
      if (node.kind == NodeKind::section || node.kind == NodeKind::inverted) value = &k_absent;
      if (value == nullptr) return template_error("\"" + node.text + "\" is missing from the data");
    }
    switch (node.kind) {
      case NodeKind::escaped:
        if (m_escaping == Escaping::html) {
          append_escaped(m_out, to_text(*value));
        } else {
          m_out += to_text(*value);
        }
        return Done{};
      case NodeKind::raw: m_out += to_text(*value); return Done{};
      case NodeKind::inverted: return is_falsey(*value) ? render(node.children, stack, depth) : Status(Done{});
      default: return render_section(node, *value, stack, depth);
    }
  }

  Status render_section(const Node& node, const nlohmann::json& value, std::vector<const nlohmann::json*>& stack,
                        int depth) {
    if (is_falsey(value)) return Done{};
    if (value.is_boolean()) return render(node.children, stack, depth);
    if (!value.is_array()) return render_with(node.children, value, stack, depth);
    for (const auto& item : value) {
      if (auto done = render_with(node.children, item, stack, depth); !done) return done;
    }
    return Done{};
  }

  Status render_with(const std::vector<Node>& nodes, const nlohmann::json& context,
                     std::vector<const nlohmann::json*>& stack, int depth) {
    stack.push_back(&context);
    auto done = render(nodes, stack, depth);
    stack.pop_back();
    return done;
  }

  Status render_partial(const std::string& name, std::vector<const nlohmann::json*>& stack, int depth) {
    if (depth >= k_max_partial_depth) {
      return template_error("partial \"" + name + "\" nested deeper than " + std::to_string(k_max_partial_depth));
    }
    const auto text = m_partials ? m_partials(name) : std::nullopt;
    if (!text) return template_error("unknown partial \"" + name + "\"");
    auto tree = Parser(*text).parse();
    if (!tree) return tree.error();
    return render(tree.value(), stack, depth + 1);
  }

  // The first context (innermost first) holding the first part of a dotted name, then the
  // rest of the parts inside it, as the spec resolves them.
  static const nlohmann::json* look_up(std::string_view name, const std::vector<const nlohmann::json*>& stack) {
    if (name == ".") return stack.back();
    const auto dot = name.find('.');
    const std::string first(name.substr(0, dot));
    const nlohmann::json* value = nullptr;
    for (auto context = stack.rbegin(); context != stack.rend() && value == nullptr; ++context) {
      if ((*context)->is_object() && (*context)->contains(first)) value = &(**context)[first];
    }
    for (auto rest = dot; value != nullptr && rest != std::string_view::npos;) {
      const auto next = name.find('.', rest + 1);
      const std::string part(name.substr(rest + 1, next == std::string_view::npos ? next : next - rest - 1));
      value = (value->is_object() && value->contains(part)) ? &(*value)[part] : nullptr;
      rest = next;
    }
    return value;
  }

  Escaping m_escaping;
  const PartialLookup& m_partials;
  std::string m_out;
  std::size_t m_steps = 0;
};

}  // namespace

Status check_mustache_syntax(std::string_view template_text) {
  auto tree = Parser(template_text).parse();
  if (!tree) return tree.error();
  return Done{};
}

Result<std::string> render_mustache(std::string_view template_text, const nlohmann::json& data, Escaping escaping,
                                    const PartialLookup& partials) {
  auto tree = Parser(template_text).parse();
  if (!tree) return tree.error();
  Renderer renderer(escaping, partials);
  std::vector<const nlohmann::json*> stack{&data};
  if (auto done = renderer.render(tree.value(), stack, 0); !done) return done.error();
  std::string rendered = renderer.take();
  if (rendered.size() > k_max_rendered_bytes) {
    return template_error("renders too much (more than " + std::to_string(k_max_rendered_bytes) + " bytes)");
  }
  return rendered;
}

}  // namespace jobkit
