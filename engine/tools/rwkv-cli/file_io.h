// Whole-file reads and writes for the CLI, with sentences on failure.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

std::vector<uint8_t> readFileBytes(const std::string& path);
void writeFileBytes(const std::string& path, const void* data, size_t size);
