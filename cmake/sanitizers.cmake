# ENABLE_SANITIZERS turns on ASan + UBSan for every target that links mdg_options.
add_library(mdg_options INTERFACE)
if(ENABLE_SANITIZERS)
  # -O1 -g1: line tables are enough for the stack traces, and the build is much faster than
  # -O2 -g (CI builds everything twice).
  target_compile_options(mdg_options INTERFACE
    -fsanitize=address,undefined -fno-sanitize-recover=undefined -fno-omit-frame-pointer -O1 -g1)
  target_link_options(mdg_options INTERFACE -fsanitize=address,undefined)
endif()
