// Icons drawn as vector paths at every device pixel ratio the screens use, in the palette's text
// colour, so they stay sharp on high-DPI screens and readable in light and dark themes.
#pragma once

#include <QIcon>
#include <QPalette>

namespace icons {

enum class Name { Chat, Write, Compose, FineTune, Documents, Models, Settings, Send, Stop, Copy, Edit,
                  Regenerate, Delete, Add, Pin };

QIcon make(Name name, const QPalette& palette);

} // namespace icons
