#pragma once
// A scripted stand-in for net::http_get, for the API clients' unit tests:
// answers by request path (with its query) below `base`; a path with several
// scripted answers gives them in turn, the last one again and again;
// unscripted paths get `fallback`. Records every request. Thread-safe: the
// clients read children concurrently.

#include <deque>
#include <map>
#include <mutex>
#include <string>
#include <vector>

#include "net/http.hpp"

namespace golive::test {

class ScriptedHttp {
 public:
  explicit ScriptedHttp(std::string base) : base_(std::move(base)) {}

  // Adds an answer for `path` after those already scripted.
  void on(const std::string& path, long status, const std::string& body,
          std::map<std::string, std::string> headers = {}) {
    add(path, response(status, body, std::move(headers)));
  }
  // Makes `path` answer this, whatever was scripted for it before.
  void replace(const std::string& path, long status, const std::string& body,
               std::map<std::string, std::string> headers = {}) {
    std::lock_guard lock(mutex_);
    answers_[path] = {response(status, body, std::move(headers))};
  }
  // Adds a transport failure (no HTTP answer) for `path`.
  void fail(const std::string& path, const std::string& error, bool timed_out = false) {
    net::HttpResponse failure;
    failure.error = error;
    failure.timed_out = timed_out;
    add(path, failure);
  }
  net::HttpResponse fallback;

  net::HttpTransport transport() {
    return [this](const net::HttpRequest& request) {
      std::lock_guard lock(mutex_);
      requests_.push_back(request);
      auto it = answers_.find(request.url.substr(base_.size()));
      if (it == answers_.end()) return fallback;
      net::HttpResponse answer = it->second.front();
      if (it->second.size() > 1) it->second.pop_front();
      return answer;
    };
  }
  std::vector<net::HttpRequest> requests() {
    std::lock_guard lock(mutex_);
    return requests_;
  }
  int count(const std::string& path) {
    int n = 0;
    for (const auto& request : requests()) n += request.url == base_ + path ? 1 : 0;
    return n;
  }

 private:
  static net::HttpResponse response(long status, const std::string& body,
                                    std::map<std::string, std::string> headers) {
    net::HttpResponse r;
    r.status = status;
    r.body = body;
    r.headers = std::move(headers);
    return r;
  }
  void add(const std::string& path, net::HttpResponse answer) {
    std::lock_guard lock(mutex_);
    answers_[path].push_back(std::move(answer));
  }

  std::string base_;
  std::mutex mutex_;
  std::map<std::string, std::deque<net::HttpResponse>> answers_;
  std::vector<net::HttpRequest> requests_;
};

}  // namespace golive::test
