// The test runner's entry point, the same for Catch2 v2 and v3 (v3's Catch2WithMain is not used, so
// that one target name links in both).
#if __has_include(<catch2/catch_session.hpp>)
#include <catch2/catch_session.hpp>
#else
#define CATCH_CONFIG_RUNNER
#include <catch2/catch.hpp>
#endif

int main(int argc, char** argv) { return Catch::Session().run(argc, argv); }
