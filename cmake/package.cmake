# CPack: `make dist` writes dist/layerlint-<version>-linux-<arch>.tar.gz and a .deb of the installed
# tree (the static binary, README, docs, man page), then SHA256SUMS.
set(CPACK_PACKAGE_NAME layerlint)
set(CPACK_PACKAGE_VENDOR layerlint)
set(CPACK_PACKAGE_VERSION ${PROJECT_VERSION})
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY
  "Dockerfile linter: build secrets leaking into image layers, and excess privilege")
set(CPACK_PACKAGE_CONTACT "layerlint maintainers <layerlint@users.noreply.github.com>")
set(CPACK_PACKAGE_HOMEPAGE_URL "https://github.com/layerlint/layerlint")
string(TOLOWER ${CMAKE_SYSTEM_PROCESSOR} LAYERLINT_ARCH)
set(CPACK_PACKAGE_FILE_NAME layerlint-${PROJECT_VERSION}-linux-${LAYERLINT_ARCH})
set(CPACK_GENERATOR TGZ DEB)
set(CPACK_RESOURCE_FILE_LICENSE ${CMAKE_SOURCE_DIR}/LICENSE)
set(CPACK_STRIP_FILES ON)
set(CPACK_PACKAGE_INSTALL_DIRECTORY layerlint)
set(CPACK_SET_DESTDIR OFF)
set(CPACK_PROJECT_CONFIG_FILE ${CMAKE_SOURCE_DIR}/cmake/cpack-options.cmake)
# The tarball unpacks into layerlint-<version>-linux-<arch>/bin/layerlint and share/.
set(CPACK_INCLUDE_TOPLEVEL_DIRECTORY ON)
# The binary is static: the package depends on nothing.
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)
set(CPACK_DEBIAN_PACKAGE_SECTION devel)
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS OFF)
include(CPack)
