# A drag-and-drop disk image for macOS (written for a macOS build; not built on Debian): the app
# bundle that macdeployqt fills, next to a link to /Applications.
set(CPACK_GENERATOR DragNDrop)
set(CPACK_DMG_VOLUME_NAME "RWKV Studio ${PROJECT_VERSION}")
set(CPACK_DMG_FORMAT UDZO)
set(CPACK_BUNDLE_NAME "RWKV Studio")
set(CPACK_BUNDLE_ICON "${CMAKE_SOURCE_DIR}/resources/icons/rwkv-studio.icns")
