# The test groups, as ctest labels (`ctest -L LABEL`, `ctest -LE LABEL`):
#   unit         the Catch2 cases not tagged below
#   slow         [slow]: hostile and huge inputs, linear-time checks
#   corpus       [corpus]: the shared corpora (../shared), skipped with a message when absent
#   integration  [integration]: the pre-commit hook and the GitHub Action, run for real
# `make test` runs them all on the Release build; `make check` runs the whole suite under ASan+UBSan,
# fuzzing and the real-build harness.
# The Catch2 test specs are disjoint, so that each case is registered once.
catch_discover_tests(layerlint_tests WORKING_DIRECTORY ${CMAKE_SOURCE_DIR}
  TEST_SPEC "~[slow]~[corpus]~[integration]" PROPERTIES LABELS unit)
catch_discover_tests(layerlint_tests WORKING_DIRECTORY ${CMAKE_SOURCE_DIR}
  TEST_SPEC "[slow]~[integration]" PROPERTIES LABELS slow)
catch_discover_tests(layerlint_tests WORKING_DIRECTORY ${CMAKE_SOURCE_DIR}
  TEST_SPEC "[corpus]~[slow]~[integration]" PROPERTIES LABELS corpus)
catch_discover_tests(layerlint_tests WORKING_DIRECTORY ${CMAKE_SOURCE_DIR}
  TEST_SPEC "[integration]" PROPERTIES LABELS integration)
