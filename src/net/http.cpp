#include "net/http.hpp"

#include <curl/curl.h>

#include <algorithm>
#include <cctype>
#include <memory>
#include <mutex>

#include "golive/text.hpp"

namespace golive::net {

namespace {

void global_init() {
  static std::once_flag once;
  std::call_once(once, [] { curl_global_init(CURL_GLOBAL_DEFAULT); });
}

struct Transfer {
  HttpResponse* response;
  std::size_t max_body;
};

std::size_t on_body(char* data, std::size_t size, std::size_t count, void* user) {
  auto* transfer = static_cast<Transfer*>(user);
  const std::size_t bytes = size * count;
  if (transfer->response->body.size() + bytes > transfer->max_body) return 0;  // aborts
  transfer->response->body.append(data, bytes);
  return bytes;
}

std::size_t on_header(char* data, std::size_t size, std::size_t count, void* user) {
  auto* transfer = static_cast<Transfer*>(user);
  const std::string_view line(data, size * count);
  // A new status line (after a 100 Continue, say) starts a new header set.
  if (line.rfind("HTTP/", 0) == 0) transfer->response->headers.clear();
  const auto colon = line.find(':');
  if (colon != std::string_view::npos)
    transfer->response->headers[to_lower(trim(line.substr(0, colon)))] =
        trim(line.substr(colon + 1));
  return size * count;
}

struct CurlDeleter {
  void operator()(CURL* curl) const { curl_easy_cleanup(curl); }
  void operator()(CURLU* url) const { curl_url_cleanup(url); }
  void operator()(curl_slist* list) const { curl_slist_free_all(list); }
};
template <typename T>
using CurlPtr = std::unique_ptr<T, CurlDeleter>;

// The URL's host (IPv6 in brackets) and port, or empty when it does not parse.
std::pair<std::string, std::string> host_and_port(const std::string& url) {
  CurlPtr<CURLU> parsed(curl_url());
  if (!parsed || curl_url_set(parsed.get(), CURLUPART_URL, url.c_str(), 0) != CURLUE_OK) return {};
  std::pair<std::string, std::string> out;
  char* part = nullptr;
  if (curl_url_get(parsed.get(), CURLUPART_HOST, &part, 0) == CURLUE_OK) out.first = part;
  curl_free(part);
  part = nullptr;
  if (curl_url_get(parsed.get(), CURLUPART_PORT, &part, CURLU_DEFAULT_PORT) == CURLUE_OK)
    out.second = part;
  curl_free(part);
  return out;
}

// The URL with its host replaced by `host`.
std::string with_host(const std::string& url, const std::string& host) {
  CurlPtr<CURLU> parsed(curl_url());
  if (!parsed || curl_url_set(parsed.get(), CURLUPART_URL, url.c_str(), 0) != CURLUE_OK ||
      curl_url_set(parsed.get(), CURLUPART_HOST, host.c_str(), 0) != CURLUE_OK)
    return url;
  char* text = nullptr;
  if (curl_url_get(parsed.get(), CURLUPART_URL, &text, 0) != CURLUE_OK) return url;
  std::string out = text;
  curl_free(text);
  return out;
}

// A PEM in memory or, failing that, a file (PEM is curl's default type).
void set_pem(CURL* curl, const std::string& pem, const std::string& file, CURLoption blob_option,
             CURLoption file_option) {
  if (!pem.empty()) {
    // CURL_BLOB_COPY: curl keeps its own copy.
    curl_blob blob{const_cast<char*>(pem.data()), pem.size(), CURL_BLOB_COPY};
    curl_easy_setopt(curl, blob_option, &blob);
  } else if (!file.empty()) {
    curl_easy_setopt(curl, file_option, file.c_str());
  }
}

void set_tls(CURL* curl, const HttpTls& tls) {
  set_pem(curl, tls.ca_pem, tls.ca_file, CURLOPT_CAINFO_BLOB, CURLOPT_CAINFO);
  set_pem(curl, tls.client_cert_pem, tls.client_cert_file, CURLOPT_SSLCERT_BLOB, CURLOPT_SSLCERT);
  set_pem(curl, tls.client_key_pem, tls.client_key_file, CURLOPT_SSLKEY_BLOB, CURLOPT_SSLKEY);
  curl_easy_setopt(curl, CURLOPT_SSL_VERIFYPEER, tls.insecure ? 0L : 1L);
  curl_easy_setopt(curl, CURLOPT_SSL_VERIFYHOST, tls.insecure ? 0L : 2L);
}

long remaining_ms(Clock::time_point deadline) {
  return static_cast<long>(
      std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now()).count());
}

}  // namespace

std::string HttpResponse::header(std::string_view name) const {
  const auto it = headers.find(std::string(name));
  return it == headers.end() ? "" : it->second;
}

bool is_loopback_host(std::string_view host) {
  if (host.size() >= 2 && host.front() == '[' && host.back() == ']')
    host = host.substr(1, host.size() - 2);
  return to_lower(host) == "localhost" || host == "::1" || host.rfind("127.", 0) == 0;
}

namespace {

// A POST's body and its content type.
struct PostBody {
  const std::string& text;
  const char* content_type;
};

// One GET, or one POST when `post` is given.
HttpResponse perform(const HttpRequest& request, const PostBody* post) {
  global_init();
  HttpResponse response;
  const long left = remaining_ms(request.deadline);
  if (left <= 0) {
    response.error = "no time left before the deadline";
    response.timed_out = true;
    return response;
  }
  CurlPtr<CURL> curl(curl_easy_init());
  if (!curl) {
    response.error = "cannot initialise libcurl";
    return response;
  }
  CURL* c = curl.get();
  char error_buffer[CURL_ERROR_SIZE] = {};
  Transfer transfer{&response, request.max_body};

  const auto [host, port] = host_and_port(request.url);
  std::string url = request.url;
  CurlPtr<curl_slist> connect_to;
  if (!request.tls.server_name.empty() && !host.empty()) {
    // Ask for the server name, connect to the URL's host: curl then sends
    // the name as SNI and verifies the certificate against it.
    url = with_host(request.url, request.tls.server_name);
    const std::string mapping = request.tls.server_name + ":" + port + ":" + host + ":" + port;
    connect_to.reset(curl_slist_append(nullptr, mapping.c_str()));
    curl_easy_setopt(c, CURLOPT_CONNECT_TO, connect_to.get());
  }
  if (is_loopback_host(host)) curl_easy_setopt(c, CURLOPT_NOPROXY, "*");

  curl_easy_setopt(c, CURLOPT_URL, url.c_str());
  curl_easy_setopt(c, CURLOPT_PROTOCOLS_STR, "http,https");
  if (post) {
    curl_easy_setopt(c, CURLOPT_POST, 1L);
    curl_easy_setopt(c, CURLOPT_POSTFIELDS, post->text.c_str());
    curl_easy_setopt(c, CURLOPT_POSTFIELDSIZE, static_cast<long>(post->text.size()));
  } else {
    curl_easy_setopt(c, CURLOPT_HTTPGET, 1L);
  }
  curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);  // threads: no SIGALRM for timeouts
  curl_easy_setopt(c, CURLOPT_FOLLOWLOCATION, 0L);
  curl_easy_setopt(c, CURLOPT_ACCEPT_ENCODING, "");  // whatever curl can decode (gzip)
  curl_easy_setopt(c, CURLOPT_USERAGENT, "golive/" GOLIVE_VERSION);
  curl_easy_setopt(c, CURLOPT_ERRORBUFFER, error_buffer);
  curl_easy_setopt(c, CURLOPT_TIMEOUT_MS, left);
  const long connect_ms = static_cast<long>(request.connect_timeout.count());
  curl_easy_setopt(c, CURLOPT_CONNECTTIMEOUT_MS,
                   connect_ms > 0 ? std::min(connect_ms, left) : left);
  curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, on_body);
  curl_easy_setopt(c, CURLOPT_WRITEDATA, &transfer);
  curl_easy_setopt(c, CURLOPT_HEADERFUNCTION, on_header);
  curl_easy_setopt(c, CURLOPT_HEADERDATA, &transfer);
  set_tls(c, request.tls);

  CurlPtr<curl_slist> headers;
  const auto add_header = [&](const std::string& line) {
    headers.reset(curl_slist_append(headers.release(), line.c_str()));
  };
  for (const auto& [name, value] : request.headers) add_header(name + ": " + value);
  if (post) add_header(std::string("Content-Type: ") + post->content_type);
  if (!request.bearer_token.empty()) add_header("Authorization: Bearer " + request.bearer_token);
  curl_easy_setopt(c, CURLOPT_HTTPHEADER, headers.get());

  const CURLcode code = curl_easy_perform(c);
  if (code != CURLE_OK) {
    response.status = 0;
    response.body.clear();
    response.timed_out = code == CURLE_OPERATION_TIMEDOUT;
    response.error = error_buffer[0] != '\0' ? error_buffer : curl_easy_strerror(code);
    // Only on_body refuses a write: the body outgrew max_body.
    if (code == CURLE_WRITE_ERROR) {
      response.too_large = true;
      response.error = "response larger than " + std::to_string(request.max_body) + " bytes";
    }
    return response;
  }
  curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &response.status);
  return response;
}

}  // namespace

HttpResponse http_get(const HttpRequest& request) {
  return perform(request, nullptr);
}

HttpResponse http_post_form(const HttpRequest& request, const std::string& form) {
  const PostBody body{form, "application/x-www-form-urlencoded"};
  return perform(request, &body);
}

HttpResponse http_post_json(const HttpRequest& request, const std::string& json) {
  const PostBody body{json, "application/json"};
  return perform(request, &body);
}

}  // namespace golive::net
