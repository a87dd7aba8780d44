#include <catch2/catch.hpp>

#include <thread>

#include "loopback_http.hpp"
#include "net/http.hpp"

using namespace golive::net;
using golive::test::LoopbackHttp;
using namespace std::chrono_literals;

namespace {

HttpRequest request_to(const std::string& url, std::chrono::milliseconds budget = 5s) {
  HttpRequest request;
  request.url = url;
  request.deadline = Clock::now() + budget;
  return request;
}

}  // namespace

TEST_CASE("http_get returns status, body and lower-cased headers", "[http][k8s]") {
  LoopbackHttp server([](const std::string&) {
    return LoopbackHttp::respond(200, R"({"a":1})", "X-Thing: Value\r\nRetry-After: 2\r\n");
  });
  auto request = request_to(server.url("/version?x=1"));
  request.headers.push_back({"Accept", "application/json"});
  request.bearer_token = "tok-123456";
  const HttpResponse response = http_get(request);
  REQUIRE(response.received());
  CHECK(response.status == 200);
  CHECK(response.body == R"({"a":1})");
  CHECK(response.header("x-thing") == "Value");
  CHECK(response.header("retry-after") == "2");
  const auto head = server.requests().at(0);
  CHECK(head.rfind("GET /version?x=1 HTTP/1.1\r\n", 0) == 0);
  CHECK(head.find("Authorization: Bearer tok-123456\r\n") != std::string::npos);
  CHECK(head.find("Accept: application/json\r\n") != std::string::npos);
}

TEST_CASE("http_get passes error statuses through as responses", "[http][k8s]") {
  LoopbackHttp server([](const std::string&) { return LoopbackHttp::respond(403, "{}"); });
  const HttpResponse response = http_get(request_to(server.url()));
  CHECK(response.received());
  CHECK(response.status == 403);
}

TEST_CASE("http_get reports a refused connection as a transport error", "[http][k8s]") {
  int port = 0;
  {
    LoopbackHttp closed([](const std::string&) { return std::string(); });
    port = std::stoi(closed.url().substr(std::string("http://127.0.0.1:").size()));
  }
  const HttpResponse response = http_get(request_to("http://127.0.0.1:" + std::to_string(port)));
  CHECK_FALSE(response.received());
  CHECK(response.status == 0);
  CHECK_FALSE(response.error.empty());
  CHECK_FALSE(response.timed_out);
}

TEST_CASE("http_get gives up at the deadline", "[http][k8s]") {
  LoopbackHttp slow([](const std::string&) {
    std::this_thread::sleep_for(1500ms);
    return LoopbackHttp::respond(200, "{}");
  });
  const auto start = Clock::now();
  const HttpResponse response = http_get(request_to(slow.url(), 300ms));
  CHECK(response.timed_out);
  CHECK_FALSE(response.received());
  CHECK(Clock::now() - start < 1200ms);

  const HttpResponse late = http_get(request_to(slow.url(), -1ms));
  CHECK(late.timed_out);
}

TEST_CASE("http_get refuses bodies over the limit", "[http][k8s]") {
  LoopbackHttp server(
      [](const std::string&) { return LoopbackHttp::respond(200, std::string(10000, 'x')); });
  auto request = request_to(server.url());
  request.max_body = 100;
  const HttpResponse response = http_get(request);
  CHECK_FALSE(response.received());
  CHECK(response.error == "response larger than 100 bytes");
  CHECK(response.too_large);
}

TEST_CASE("is_loopback_host", "[http][k8s]") {
  CHECK(is_loopback_host("localhost"));
  CHECK(is_loopback_host("127.0.0.1"));
  CHECK(is_loopback_host("127.3.4.5"));
  CHECK(is_loopback_host("[::1]"));
  CHECK_FALSE(is_loopback_host("10.0.0.1"));
  CHECK_FALSE(is_loopback_host("example.com"));
}
