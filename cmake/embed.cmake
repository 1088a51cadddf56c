# mdg_embed_files(TARGET NAMESPACE FILE...) compiles files into TARGET as byte arrays, so the
# binary carries its default data and web assets and runs from any directory.
# Each file becomes `std::string_view NAMESPACE::<stem>()` declared in <generated>/embedded_<stem>.hpp.
function(mdg_embed_files target namespace)
  set(out_dir "${CMAKE_CURRENT_BINARY_DIR}/embedded")
  file(MAKE_DIRECTORY "${out_dir}")
  foreach(input IN LISTS ARGN)
    get_filename_component(abs "${input}" ABSOLUTE)
    get_filename_component(stem "${input}" NAME)
    string(MAKE_C_IDENTIFIER "${stem}" stem)
    set(cpp "${out_dir}/embedded_${stem}.cpp")
    set(hpp "${out_dir}/embedded_${stem}.hpp")
    add_custom_command(
      OUTPUT "${cpp}" "${hpp}"
      COMMAND "${CMAKE_COMMAND}" -DINPUT=${abs} -DCPP=${cpp} -DHPP=${hpp}
              -DNAMESPACE=${namespace} -DSTEM=${stem} -P "${PROJECT_SOURCE_DIR}/cmake/embed_file.cmake"
      DEPENDS "${abs}" "${PROJECT_SOURCE_DIR}/cmake/embed_file.cmake"
      COMMENT "Embedding ${input}" VERBATIM)
    target_sources(${target} PRIVATE "${cpp}" "${hpp}")
  endforeach()
  target_include_directories(${target} PRIVATE "${out_dir}")
endfunction()
