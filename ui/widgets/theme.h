// Light and dark appearance. "System" keeps the platform's palette and follows it when it
// changes; Light and Dark use the Fusion style with a fixed palette.
#pragma once

#include "app/settings/app_settings.h"

#include <QPalette>

namespace theme {

// Applies `choice` to the whole application.
void apply(ThemeChoice choice);
// Whether `palette` is a dark one (its window is darker than its text).
bool isDark(const QPalette& palette);

} // namespace theme
