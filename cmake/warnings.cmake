# Warnings for every madoguchi target, attached through an INTERFACE target rather than global flags.
add_library(mdg_warnings INTERFACE)
target_compile_options(mdg_warnings INTERFACE
  -Wall -Wextra -Werror -Wshadow -Wcast-qual -Wvla -Wsuggest-override -Wduplicated-cond
  -Wlogical-op -Wmissing-declarations
  # GCC 12 reports Asio's own coroutine-frame allocator (operator new/delete pairs inside
  # awaitable_frame_base) as mismatched: a false positive in Boost's headers, not in our code.
  -Wno-mismatched-new-delete)
if(CMAKE_CXX_COMPILER_ID STREQUAL "GNU" AND CMAKE_CXX_COMPILER_VERSION VERSION_LESS 13)
  # GCC 12 at -O3 reports std::string concatenation inside libstdc++ as overlapping memcpy
  # (GCC bug 105651, fixed in 13): a false positive that would fail every Release build.
  target_compile_options(mdg_warnings INTERFACE -Wno-restrict)
endif()
