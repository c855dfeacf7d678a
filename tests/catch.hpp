// Catch2 for the tests, v3 (catch_all.hpp) where it is installed, else v2's single header. The tests
// use only what both versions share: TEST_CASE, SECTION, CHECK/REQUIRE, INFO/WARN, SUCCEED.
#pragma once

#if __has_include(<catch2/catch_all.hpp>)
#include <catch2/catch_all.hpp>
#else
#include <catch2/catch.hpp>
#endif
