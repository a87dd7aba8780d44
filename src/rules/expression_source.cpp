#include "rules/expression_source.hpp"

namespace golive {

namespace {

// Column (1-based) of the first non-space character on the line starting at
// `line_start`.
int indentation_at(const std::string& text, std::size_t line_start) {
  int column = 1;
  while (line_start < text.size() && text[line_start] == ' ') {
    ++line_start;
    ++column;
  }
  return column;
}

}  // namespace

SourceLocation expression_location(const YAML::Node& node, const std::string& file_text,
                                   const std::string& file, const expr::SourcePosition& inner) {
  const YAML::Mark mark = node.Mark();
  if (mark.is_null() || mark.pos < 0 || static_cast<std::size_t>(mark.pos) >= file_text.size())
    return {file, 0, 0};
  const char style = file_text[mark.pos];
  const int start_line = mark.line + 1;
  const int start_column = mark.column + 1;

  if (style == '|' || style == '>') {
    // Block scalar: the text starts on the next line at its indentation.
    std::size_t next_line = file_text.find('\n', mark.pos);
    if (next_line == std::string::npos) return {file, start_line, start_column};
    int indent = indentation_at(file_text, next_line + 1);
    return {file, start_line + inner.line, indent + inner.column - 1};
  }
  // Plain or quoted scalar: a quote shifts the text by one column. Later
  // lines of a multi-line flow scalar are approximated by their own column.
  const int quote = (style == '"' || style == '\'') ? 1 : 0;
  if (inner.line <= 1) return {file, start_line, start_column + quote + inner.column - 1};
  return {file, start_line + inner.line - 1, inner.column};
}

}  // namespace golive
