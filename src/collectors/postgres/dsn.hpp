#pragma once
// The `dsn` of a postgres target: a libpq connection string, keyword=value
// or postgresql:// URI, read by libpq's own parser so golive accepts exactly
// what psql accepts. Nothing here includes libpq: the unit tests use these
// functions without its headers.

#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

namespace golive::collectors::postgres {

// libpq options in the order given (keyword, value).
using Options = std::vector<std::pair<std::string, std::string>>;

// A dsn libpq cannot parse. The message never quotes the dsn, which may hold
// a password resolved from a reference.
class DsnError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// Parses a dsn ("" means libpq's PG* environment variables alone). Only the
// options written in the dsn are returned; libpq applies PGHOST, PGPORT, ...
// to the others when it connects. Throws DsnError.
Options parse_dsn(const std::string& dsn);

// Where a literal password starts in a dsn (byte offset): a `password=` or
// `sslpassword=` keyword, `user:password@` in a URI or `?password=` in its
// query, whose value is not empty and not a ${...} reference. nullopt when
// there is none.
std::optional<std::size_t> find_literal_password(std::string_view dsn);

// The value of an option, or nullopt.
std::optional<std::string> option(const Options& options, std::string_view keyword);

// Sets (or replaces) an option.
void set_option(Options& options, const std::string& keyword, const std::string& value);

// What golive adds to the dsn for one connection.
struct ConnectionPlan {
  std::string password;    // from `password:` (empty: libpq's PGPASSWORD / PGPASSFILE)
  std::string config_dir;  // relative certificate and key paths are relative to golive.yaml
  int connect_timeout_s = 10;
};

// The options of one connection: the dsn's, with application_name=golive,
// connect_timeout (the smaller of the dsn's and the plan's, at least 2s),
// the password, and ssl file paths made absolute.
Options connection_options(Options options, const ConnectionPlan& plan);

// keyword='value' ... with libpq's quoting, for PQconnectdb.
std::string conninfo_string(const Options& options);

// The `target` fact: host, port, dbname, user and sslmode as the dsn gives
// them, else as libpq's defaults (PG* environment variables) give them.
// Never the password. Keys libpq leaves unset are omitted.
nlohmann::json describe_target(const Options& options);

}  // namespace golive::collectors::postgres
