# Script mode helper of mdg_embed_files: writes INPUT as a byte array into CPP with accessor in HPP.
file(READ "${INPUT}" hex HEX)
string(LENGTH "${hex}" hex_length)
math(EXPR size "${hex_length} / 2")
string(REGEX REPLACE "([0-9a-f][0-9a-f])" "0x\\1," bytes "${hex}")
string(REGEX REPLACE "(0x..,0x..,0x..,0x..,0x..,0x..,0x..,0x..,0x..,0x..,0x..,0x..,0x..,0x..,0x..,0x..,)" "\\1\n" bytes "${bytes}")
file(WRITE "${HPP}" "// Generated from ${INPUT} by cmake/embed_file.cmake. Do not edit.\n#pragma once\n#include <string_view>\nnamespace ${NAMESPACE} {\nstd::string_view ${STEM}();\n}\n")
file(WRITE "${CPP}" "// Generated from ${INPUT} by cmake/embed_file.cmake. Do not edit.\n#include \"embedded_${STEM}.hpp\"\nnamespace ${NAMESPACE} {\nnamespace {\nconstexpr unsigned char bytes[] = {\n${bytes}0x00};\n}\nstd::string_view ${STEM}() { return {reinterpret_cast<const char*>(bytes), ${size}}; }\n}\n")
