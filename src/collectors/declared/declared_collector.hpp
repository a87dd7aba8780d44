#pragma once
// The declared-evidence collector: reads declared.yaml (golive.yaml:
// `declared: {file: declared.yaml}`), what the team attests and no API
// shows. The file is checked with golive.yaml, so a mistake in it stops the
// run (exit 2) before anything is collected.

#include <memory>

#include "golive/collector.hpp"

namespace golive::collectors {

std::unique_ptr<Collector> make_declared_collector();

}  // namespace golive::collectors
