# Compile flags shared by every dyad target.
add_library(dyad_flags INTERFACE)
target_compile_options(dyad_flags INTERFACE -Wall -Wextra -Wpedantic -Wshadow -Wnon-virtual-dtor
                       -Wcast-align -Wunused -Woverloaded-virtual)
if(DYAD_DEV)
  target_compile_options(dyad_flags INTERFACE -Werror)
  # GCC 12 at -O3 (Release) reports known false positives inside libstdc++'s
  # std::string (-Wrestrict, -Wmaybe-uninitialized, -Wstringop-overflow): they
  # stay warnings there, not errors, so a Release build of a clean tree works.
  if(CMAKE_CXX_COMPILER_ID STREQUAL "GNU")
    target_compile_options(dyad_flags INTERFACE $<$<CONFIG:Release>:-Wno-error=restrict
                           -Wno-error=maybe-uninitialized -Wno-error=stringop-overflow -Wno-error=array-bounds>)
  endif()
endif()
if(DYAD_SANITIZE)
  target_compile_options(dyad_flags INTERFACE -fsanitize=address,undefined -fno-omit-frame-pointer
                         -fno-sanitize-recover=undefined)
  target_link_options(dyad_flags INTERFACE -fsanitize=address,undefined)
endif()
target_include_directories(dyad_flags INTERFACE ${CMAKE_SOURCE_DIR}/include ${CMAKE_SOURCE_DIR}/src)

# dyad_library(NAME SOURCES a.cc b.cc DEPS other libs)
function(dyad_library name)
  cmake_parse_arguments(A "" "" "SOURCES;DEPS" ${ARGN})
  add_library(${name} STATIC ${A_SOURCES})
  target_link_libraries(${name} PUBLIC dyad_flags ${A_DEPS})
endfunction()

# dyad_test(NAME SOURCES a_test.cc DEPS libs): a GoogleTest binary registered with CTest.
# Tests find the shared data, the source tree and the build tree through
# tests/test_env.h (environment variables DYAD_SHARED_DIR, DYAD_SOURCE_DIR,
# DYAD_BINARY_DIR override the folders compiled in).
function(dyad_test name)
  cmake_parse_arguments(A "" "" "SOURCES;DEPS" ${ARGN})
  add_executable(${name} ${A_SOURCES} ${CMAKE_SOURCE_DIR}/tests/test_env_init.cc)
  target_link_libraries(${name} PRIVATE dyad_flags ${A_DEPS} GTest::gtest GTest::gtest_main GTest::gmock)
  target_include_directories(${name} PRIVATE ${CMAKE_SOURCE_DIR}/tests)
  target_compile_definitions(${name} PRIVATE
    DYAD_TEST_SHARED_DIR="${DYAD_SHARED_DIR}"
    DYAD_TEST_SOURCE_DIR="${CMAKE_SOURCE_DIR}"
    DYAD_TEST_BINARY_DIR="${CMAKE_BINARY_DIR}")
  # gtest_discover_tests takes one ENVIRONMENT entry per property.
  gtest_discover_tests(${name}
    DISCOVERY_TIMEOUT 60
    PROPERTIES ENVIRONMENT "DYAD_SHARED_DIR=${DYAD_SHARED_DIR}"
               ENVIRONMENT_MODIFICATION "DYAD_BINARY_DIR=set:${CMAKE_BINARY_DIR}")
endfunction()
