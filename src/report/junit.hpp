#pragma once
// JUnit XML rendering of a result document (src/report/junit.cpp), exposed
// for tests.

#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

namespace golive::report {

// The JUnit XML document for a result document.
std::string to_junit(const nlohmann::json& result);

// Escapes text for XML 1.0 character data (or, with `attribute`, for a
// double-quoted attribute value, where tab and newline are kept as character
// references). Characters XML 1.0 forbids (C0 controls other than tab, LF, CR;
// U+FFFE, U+FFFF) are shown as "\x1b"-style text; bytes that are not UTF-8
// become U+FFFD.
std::string xml_escape(std::string_view text, bool attribute);

}  // namespace golive::report

namespace golive::report {

// UTF-8 helpers shared by the XML and Markdown escapers. decode_utf8 reads the
// sequence at text[i] and advances i past it, returning the code point, or -1
// (advancing one byte) when the bytes are not UTF-8 (overlong, surrogate,
// truncated).
long decode_utf8(std::string_view text, std::size_t& i);
void append_utf8(std::string& out, long code_point);

}  // namespace golive::report
