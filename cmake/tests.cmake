# The test groups, as ctest labels (`ctest -L LABEL`, `ctest -LE LABEL`):
#   unit         the Catch2 cases not tagged below
#   slow         [slow]: hostile and huge inputs, linear-time checks
#   corpus       [corpus]: the shared corpora (../shared), skipped with a message when absent
#   integration  [integration]: the pre-commit hook and the GitHub Action, run for real; Neovim's LSP
#                client against `layerlint lsp`
#   portable     the static binary in an empty root (chroot)
#   docker       a private dockerd: the image, and the docker hook under the real pre-commit
# `make test` runs all but docker on the Release build; `make check` runs the whole suite under
# ASan+UBSan ([slow] and [corpus] included), the docker group, fuzzing and the real-build harness.
# The Catch2 test specs are disjoint, so that each case is registered once. A ctest entry whose name
# selects no case fails (a `;` in a case's name would split it into two entries that run nothing):
# v3 fails such a run by itself, v2 needs `--warn NoTests`, which v3 no longer accepts.
if(Catch2_VERSION VERSION_LESS 3)
  set(LAYERLINT_CATCH_STRICT --warn NoTests)
else()
  set(LAYERLINT_CATCH_STRICT --warn UnmatchedTestSpec)
endif()
catch_discover_tests(layerlint_tests WORKING_DIRECTORY ${CMAKE_SOURCE_DIR} EXTRA_ARGS ${LAYERLINT_CATCH_STRICT}
  TEST_SPEC "~[slow]~[corpus]~[integration]" PROPERTIES LABELS unit)
catch_discover_tests(layerlint_tests WORKING_DIRECTORY ${CMAKE_SOURCE_DIR} EXTRA_ARGS ${LAYERLINT_CATCH_STRICT}
  TEST_SPEC "[slow]~[integration]" PROPERTIES LABELS slow)
catch_discover_tests(layerlint_tests WORKING_DIRECTORY ${CMAKE_SOURCE_DIR} EXTRA_ARGS ${LAYERLINT_CATCH_STRICT}
  TEST_SPEC "[corpus]~[slow]~[integration]" PROPERTIES LABELS corpus)
catch_discover_tests(layerlint_tests WORKING_DIRECTORY ${CMAKE_SOURCE_DIR} EXTRA_ARGS ${LAYERLINT_CATCH_STRICT}
  TEST_SPEC "[integration]" PROPERTIES LABELS integration)

# Shell tests: exit 0 pass, 77 skipped (saying why), anything else fails. ARGN: NAME=VALUE pairs
# for the environment.
function(layerlint_script_test name label script)
  add_test(NAME ${name} COMMAND bash ${CMAKE_SOURCE_DIR}/${script} WORKING_DIRECTORY ${CMAKE_SOURCE_DIR})
  set_tests_properties(${name} PROPERTIES LABELS ${label} SKIP_RETURN_CODE 77
    ENVIRONMENT "LAYERLINT=$<TARGET_FILE:layerlint>;${ARGN}")
endfunction()
layerlint_script_test("the static binary lints in an empty root" portable tests/portable/chroot.sh)
layerlint_script_test("Neovim's LSP client gets diagnostics and a quick fix from layerlint lsp" integration
  tests/editors/nvim.sh)
# Each docker test starts its own private dockerd (tests/build/dockerd.sh); one at a time.
layerlint_script_test("the image lints a mounted folder" docker tests/docker/image.sh)
layerlint_script_test("the layerlint-docker hook passes under the real pre-commit" docker
  tests/integration/pre-commit.sh HOOK=layerlint-docker)
set_tests_properties("the image lints a mounted folder" "the layerlint-docker hook passes under the real pre-commit"
  PROPERTIES RESOURCE_LOCK dockerd TIMEOUT 900)
# The editor set-ups in editors/: the VS Code extension (npm install and pack when the registry
# answers), the Helix and Neovim configurations.
layerlint_script_test("the VS Code extension starts layerlint lsp and packs" integration tests/editors/vscode.sh)
layerlint_script_test("the Helix and Neovim set-ups start layerlint lsp for the files it lints" integration
  tests/editors/configs.sh)
set_tests_properties("the VS Code extension starts layerlint lsp and packs" PROPERTIES TIMEOUT 180)
