#pragma once
// Markdown rendering of a result document for pull-request comments
// (src/report/markdown.cpp), exposed for tests.

#include <cstddef>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

namespace golive::report {

// GitHub's limit on the body of an issue or pull-request comment.
inline constexpr std::size_t kGithubCommentLimit = 65536;

// The Markdown summary; never longer than max_chars bytes (rows that do not
// fit are left out and counted in a closing note).
std::string to_markdown(const nlohmann::json& result, std::size_t max_chars = kGithubCommentLimit);

// Text from the environment as inert inline Markdown: '<', '>' and '&'
// become entities (so no HTML tag can form), Markdown punctuation (`*_[]#|~$\) and
// backticks are backslash-escaped, line breaks become spaces, control
// characters are shown as "\x1b"-style text, '@' is followed by a zero-width
// space so that no one is mentioned.
std::string markdown_escape(std::string_view text);

}  // namespace golive::report
