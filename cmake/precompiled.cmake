# The headers nearly every networking and staff-side file parses (Asio coroutines, Beast HTTP
# messages, nlohmann/json), compiled once per target instead of once per file: about a fifth less
# compile time for those targets. Only in sanitizer builds, the second build CI makes: at -O3 the
# different inlining makes GCC 12 report false -Wstringop-overflow warnings inside libstdc++.
set(mdg_common_headers
  <boost/asio/awaitable.hpp> <boost/asio/co_spawn.hpp> <boost/asio/use_awaitable.hpp>
  <boost/beast/http/message.hpp> <boost/beast/http/string_body.hpp> <nlohmann/json.hpp>
  <functional> <map> <memory> <optional> <string> <string_view> <vector>)

function(mdg_precompile_common target)
  if(ENABLE_SANITIZERS)
    target_precompile_headers(${target} PRIVATE ${mdg_common_headers})
  endif()
endfunction()
