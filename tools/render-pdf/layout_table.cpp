// Tables: measured column widths, wrapped cells, zebra rows, and the header row drawn again
// at the top of every page the table continues on.
#include <algorithm>
#include <numeric>
#include <string>
#include <vector>

#include "layout.hpp"
#include "page_flow.hpp"
#include "text_wrap.hpp"

namespace render_pdf {
namespace {

constexpr double k_cell_padding = 4;
constexpr Gray k_header_fill{0.87};
constexpr Gray k_zebra_fill{0.95};
constexpr Gray k_row_line{0.7};

using CellLines = std::vector<std::vector<std::string>>;  // per column, the wrapped lines

class TableLayout {
 public:
  TableLayout(const Table& table, PageFlow& flow) : m_table(table), m_flow(flow) {
    const double total = std::accumulate(table.columns.begin(), table.columns.end(), 0.0,
                                         [](double sum, const TableColumn& column) { return sum + column.width; });
    for (const auto& column : table.columns) m_widths.push_back(flow.width() * column.width / total);
    m_line = flow.line_height(table.font_size);
    for (const auto& column : table.columns) m_header.push_back(column.title);
    m_has_header = std::any_of(m_header.begin(), m_header.end(), [](const Text& title) { return !title.value.empty(); });
    if (m_has_header) m_header_lines = wrap(m_header, FontWeight::bold);
  }

  jobkit::Status run() {
    if (auto room = m_flow.make_room(height_of(m_header_lines) + first_row_height()); !room) return room;
    place_header();
    for (std::size_t index = 0; index < m_table.rows.size(); ++index) {
      if (auto placed = place_row(index); !placed) return placed;
    }
    m_flow.advance(8);
    return jobkit::Done{};
  }

 private:
  CellLines wrap(const std::vector<Text>& cells, FontWeight weight) const {
    CellLines lines;
    for (std::size_t column = 0; column < cells.size(); ++column) {
      lines.push_back(wrap_text(cells[column].value, m_flow.font(weight), m_table.font_size,
                                m_widths[column] - 2 * k_cell_padding));
    }
    return lines;
  }

  double height_of(const CellLines& lines) const {
    if (lines.empty()) return 0;
    std::size_t most = 0;
    for (const auto& cell : lines) most = std::max(most, cell.size());
    return static_cast<double>(most) * m_line + 2 * k_cell_padding;
  }

  double first_row_height() const { return m_table.rows.empty() ? 0 : height_of(wrap(m_table.rows.front(), FontWeight::regular)); }

  void place_cells(const CellLines& lines, FontWeight weight) {
    double x = m_flow.left();
    for (std::size_t column = 0; column < lines.size(); ++column) {
      double top = m_flow.cursor() - k_cell_padding;
      for (const auto& line : lines[column]) {
        m_flow.place_text(line, weight, m_table.font_size, x + k_cell_padding, m_widths[column] - 2 * k_cell_padding,
                          m_table.columns[column].alignment, top);
        top -= m_line;
      }
      x += m_widths[column];
    }
  }

  void place_band(const CellLines& lines, FontWeight weight, const Gray* fill) {
    const double height = height_of(lines);
    const double bottom = m_flow.cursor() - height;
    if (fill) m_flow.page().boxes.push_back({m_flow.left(), bottom, m_flow.width(), height, *fill});
    place_cells(lines, weight);
    m_flow.page().lines.push_back({m_flow.left(), bottom, m_flow.left() + m_flow.width(), bottom, 0.5, k_row_line});
    m_flow.advance(height);
  }

  void place_header() {
    if (m_has_header) place_band(m_header_lines, FontWeight::bold, &k_header_fill);
  }

  jobkit::Status place_row(std::size_t index) {
    const CellLines lines = wrap(m_table.rows[index], FontWeight::regular);
    const double height = height_of(lines);
    if (height > m_flow.room()) {
      if (height + height_of(m_header_lines) > m_flow.full_height()) {
        return jobkit::JobError::make(jobkit::ExitCode::invalid_data,
                                      "table row " + std::to_string(index) + " is taller than a page",
                                      m_table.field + "/rows/" + std::to_string(index));
      }
      if (auto next = m_flow.new_page(); !next) return next;
      place_header();
    }
    const bool striped = m_table.zebra && index % 2 == 1;
    place_band(lines, FontWeight::regular, striped ? &k_zebra_fill : nullptr);
    return jobkit::Done{};
  }

  const Table& m_table;
  PageFlow& m_flow;
  std::vector<double> m_widths;
  double m_line = 0;
  std::vector<Text> m_header;
  bool m_has_header = false;
  CellLines m_header_lines;
};

}  // namespace

jobkit::Status lay_out_table(const Table& table, PageFlow& flow) { return TableLayout(table, flow).run(); }

}  // namespace render_pdf
