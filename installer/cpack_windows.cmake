# NSIS installer for Windows (written for a Windows build; not built on Debian): a Start menu
# entry, an uninstaller, and the Qt runtime that windeployqt puts beside the executables.
set(CPACK_GENERATOR NSIS)
set(CPACK_NSIS_PACKAGE_NAME "RWKV Studio")
set(CPACK_NSIS_DISPLAY_NAME "RWKV Studio ${PROJECT_VERSION}")
set(CPACK_NSIS_INSTALLED_ICON_NAME "bin\\\\rwkv-studio.exe")
set(CPACK_NSIS_MUI_ICON "${CMAKE_SOURCE_DIR}/resources/icons/rwkv-studio.ico")
set(CPACK_NSIS_ENABLE_UNINSTALL_BEFORE_INSTALL ON)
set(CPACK_NSIS_MODIFY_PATH ON) # rwkv-cli on PATH, when the user agrees
set(CPACK_NSIS_URL_INFO_ABOUT "${CPACK_PACKAGE_HOMEPAGE_URL}")
set(CPACK_NSIS_CREATE_ICONS_EXTRA
    "CreateShortCut '$SMPROGRAMS\\\\$STARTMENU_FOLDER\\\\RWKV Studio.lnk' '$INSTDIR\\\\bin\\\\rwkv-studio.exe'")
