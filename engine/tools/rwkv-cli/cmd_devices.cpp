// rwkv-cli devices: the Vulkan devices of this machine as JSON (index, name, type, memory,
// driver), the indices `--backend vulkan:N` takes.
#include "arg_parser.h"
#include "core/error.h"
#include "vulkan/vulkan_backend.h"

#include <nlohmann/json.hpp>

#include <iostream>

int runDevices(const Args& argv)
{
    ArgParser args(argv, {});
    nlohmann::ordered_json out = nlohmann::ordered_json::array();
    std::string why;
    std::vector<rwkv::vulkan::DeviceSummary> devices;
    try {
        devices = rwkv::vulkan::listDevices();
    } catch (const rwkv::Error& e) {
        why = e.what();
    }
    for (const auto& d : devices) {
        nlohmann::ordered_json j;
        j["index"] = d.index;
        j["name"] = d.name;
        j["type"] = d.type;
        j["memory_mb"] = d.memoryBytes >> 20;
        j["driver"] = d.driver;
        j["vulkan"] = d.apiVersion;
        out.push_back(j);
    }
    nlohmann::ordered_json result;
    result["devices"] = out;
    if (!why.empty())
        result["unavailable"] = why;
    std::cout << result.dump(2) << "\n";
    return 0;
}
