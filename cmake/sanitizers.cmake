# ENABLE_SANITIZERS turns on ASan + UBSan for every target that links mdg_options.
add_library(mdg_options INTERFACE)
if(ENABLE_SANITIZERS)
  target_compile_options(mdg_options INTERFACE
    -fsanitize=address,undefined -fno-sanitize-recover=undefined -fno-omit-frame-pointer)
  target_link_options(mdg_options INTERFACE -fsanitize=address,undefined)
endif()
