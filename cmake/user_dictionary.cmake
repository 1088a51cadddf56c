# Script mode: turns nlp/data/user_dictionary.tsv (surface, reading, kind) into MeCab's CSV
# format and compiles it against the IPA dictionary's source with mecab-dict-index.
#   cmake -DINPUT=tsv -DOUTPUT=dic -DDICT_INDEX=mecab-dict-index -DIPADIC_SOURCE=dir -DWORK=dir -P
# Context ids are IPA's left-id.def rows for the part of speech; the cost is below IPA's nouns so
# that the whole word wins over its pieces.
set(cost 2000)
set(ids_固有名詞 "1288,1288")
set(features_固有名詞 "名詞,固有名詞,一般,*")
set(ids_一般 "1285,1285")
set(features_一般 "名詞,一般,*,*")
set(ids_サ変接続 "1283,1283")
set(features_サ変接続 "名詞,サ変接続,*,*")

file(STRINGS "${INPUT}" lines ENCODING UTF-8)
set(csv "")
set(number 0)
foreach(line IN LISTS lines)
  math(EXPR number "${number} + 1")
  if(line STREQUAL "" OR line MATCHES "^#")
    continue()
  endif()
  string(REPLACE "\t" ";" fields "${line}")
  list(LENGTH fields count)
  if(NOT count EQUAL 3)
    message(FATAL_ERROR "${INPUT}:${number}: expected surface<TAB>reading<TAB>kind")
  endif()
  list(GET fields 0 surface)
  list(GET fields 1 reading)
  list(GET fields 2 kind)
  if(NOT DEFINED ids_${kind})
    message(FATAL_ERROR "${INPUT}:${number}: kind '${kind}' is not 固有名詞, 一般 or サ変接続")
  endif()
  if(surface MATCHES ",")
    message(FATAL_ERROR "${INPUT}:${number}: a surface cannot contain a comma")
  endif()
  string(APPEND csv "${surface},${ids_${kind}},${cost},${features_${kind}},*,*,${surface},${reading},${reading}\n")
endforeach()
file(MAKE_DIRECTORY "${WORK}")
file(WRITE "${WORK}/user_dictionary.csv" "${csv}")
execute_process(
  COMMAND "${DICT_INDEX}" -d "${IPADIC_SOURCE}" -u "${OUTPUT}" -f utf-8 -t utf-8
          "${WORK}/user_dictionary.csv"
  RESULT_VARIABLE result OUTPUT_VARIABLE output ERROR_VARIABLE output)
if(NOT result EQUAL 0)
  message(FATAL_ERROR "mecab-dict-index failed (${result}): ${output}")
endif()
