// Shared declarations of the compute shaders. Buffers are reached by device address (push
// constants carry the addresses), so no descriptor sets are needed anywhere.
#extension GL_EXT_buffer_reference : require
#extension GL_EXT_shader_explicit_arithmetic_types_int64 : enable

layout(buffer_reference, std430, buffer_reference_align = 4) buffer Floats { float v[]; };
layout(buffer_reference, std430, buffer_reference_align = 4) buffer Uints { uint v[]; };

#define WG 64
layout(local_size_x = WG) in;

shared float reduceScratch[WG];

// Sum of `value` over the 64 invocations of the workgroup; every invocation must call it. The
// tree order is fixed, so results do not depend on how many rows a dispatch covers.
float workgroupSum(float value)
{
    uint tid = gl_LocalInvocationID.x;
    reduceScratch[tid] = value;
    barrier();
    for (uint s = WG / 2; s > 0; s >>= 1) {
        if (tid < s)
            reduceScratch[tid] += reduceScratch[tid + s];
        barrier();
    }
    float r = reduceScratch[0];
    barrier();
    return r;
}

float sigmoid(float x) { return 1.0 / (1.0 + exp(-x)); }
