#pragma once

#include "registry.h"

namespace dcod::plugins {

/// The VirtualBox backend (Windows and Linux hypervisors, the VTEP in a proxy VM). The language
/// side is complete (traits, validation); the host side is not built yet: its hosts are planned
/// where their end point is known and otherwise reported as not built yet, while every other
/// host converges.
BackendFactory virtualbox_backend_factory();

}  // namespace dcod::plugins
