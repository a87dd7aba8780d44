#include <catch2/catch.hpp>

#include "collectors/postgres/errors.hpp"

using namespace golive::collectors::postgres;

// Messages as libpq 15 prints them.
TEST_CASE("refused, timed out and unknown hosts are unreachable, said shortly", "[postgres]") {
  auto refused = classify_connect_error(
      "connection to server at \"127.0.0.1\", port 5999 failed: Connection refused\n"
      "\tIs the server running on that host and accepting TCP/IP connections?\n",
      5);
  CHECK(refused.status == "unreachable");
  CHECK(refused.error == "connection refused at 127.0.0.1:5999");

  auto timeout = classify_connect_error(
      "connection to server at \"db\" (10.1.2.3), port 5432 failed: timeout expired\n", 3);
  CHECK(timeout.status == "unreachable");
  CHECK(timeout.error == "no answer within 3s (connect_timeout) from db:5432");

  auto unknown = classify_connect_error(
      "could not translate host name \"db.invalid\" to address: Name or service not known\n", 5);
  CHECK(unknown.status == "unreachable");
  CHECK(unknown.error ==
        "could not translate host name \"db.invalid\" to address: Name or service not known");

  auto socket = classify_connect_error(
      "connection to server on socket \"/run/postgresql/.s.PGSQL.5432\" failed: No such file or "
      "directory\n\tIs the server running locally and accepting connections on that socket?\n",
      5);
  CHECK(socket.error == "no server listening on socket /run/postgresql/.s.PGSQL.5432");
}

TEST_CASE("TLS failures are unreachable and labelled TLS", "[postgres]") {
  auto verify = classify_connect_error(
      "connection to server at \"127.0.0.1\", port 5432 failed: SSL error: certificate verify "
      "failed\n",
      5);
  CHECK(verify.status == "unreachable");
  CHECK(verify.error == "TLS: server certificate verify failed at 127.0.0.1:5432");

  auto no_ssl = classify_connect_error(
      "connection to server at \"127.0.0.1\", port 5432 failed: server does not support SSL, but "
      "SSL was required\n",
      5);
  CHECK(no_ssl.status == "unreachable");
  CHECK(no_ssl.error == "TLS: server does not support SSL, but SSL was required (127.0.0.1:5432)");
}

TEST_CASE("authentication failures are unauthorized, with the server's words", "[postgres]") {
  auto wrong = classify_connect_error(
      "connection to server at \"127.0.0.1\", port 5432 failed: FATAL:  password authentication "
      "failed for user \"golive_ro\"\n",
      5);
  CHECK(wrong.status == "unauthorized");
  CHECK(wrong.error == "password authentication failed for user \"golive_ro\"");

  auto no_entry = classify_connect_error(
      "connection to server at \"127.0.0.1\", port 5432 failed: FATAL:  no pg_hba.conf entry for "
      "host \"127.0.0.1\", user \"golive_ro\", database \"odoo\", no encryption\n",
      5);
  CHECK(no_entry.status == "unauthorized");
  CHECK_THAT(no_entry.error, Catch::StartsWith("no pg_hba.conf entry for host"));

  auto no_role = classify_connect_error(
      "connection to server at \"127.0.0.1\", port 5432 failed: FATAL:  role \"nobody\" does not "
      "exist\n",
      5);
  CHECK(no_role.status == "unauthorized");

  auto no_password = classify_connect_error(
      "connection to server at \"127.0.0.1\", port 5432 failed: fe_sendauth: no password "
      "supplied\n",
      5);
  CHECK(no_password.status == "unauthorized");
  CHECK(no_password.error == "fe_sendauth: no password supplied");
}

TEST_CASE("each host tried is reported once", "[postgres]") {
  auto both = classify_connect_error(
      "connection to server at \"a\" (10.0.0.1), port 5432 failed: Connection refused\n"
      "\tIs the server running on that host and accepting TCP/IP connections?\n"
      "connection to server at \"b\" (10.0.0.2), port 5432 failed: timeout expired\n",
      4);
  CHECK(both.status == "unreachable");
  CHECK(both.error ==
        "connection refused at a:5432; no answer within 4s (connect_timeout) from b:5432");
}

TEST_CASE("query errors lose their severity prefix and extra lines", "[postgres]") {
  CHECK(short_query_error("ERROR:  permission denied for view pg_hba_file_rules\n") ==
        "permission denied for view pg_hba_file_rules");
  CHECK(short_query_error("ERROR:  canceling statement due to statement timeout\nCONTEXT: x") ==
        "canceling statement due to statement timeout");
}
