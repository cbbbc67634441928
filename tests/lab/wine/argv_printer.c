/* Prints the arguments a Windows program receives, as the C runtime parsed its command line
 * (wmain's argv), one per line as [hex of its UTF-8]; exits with the status a first argument
 * --exit=N gives, else 0. */
#include <stdio.h>
#include <stdlib.h>
#include <wchar.h>
#include <windows.h>

/* No wildcard expansion of arguments, as VBoxManage.exe (built with MSVC) does none. */
int _dowildcard = 0;

int wmain(int argc, wchar_t** argv) {
  for (int i = 1; i < argc; ++i) {
    static char utf8[65536];
    int n = WideCharToMultiByte(CP_UTF8, 0, argv[i], -1, utf8, sizeof utf8, NULL, NULL);
    fputc('[', stdout);
    for (int k = 0; k + 1 < n; ++k) fprintf(stdout, "%02x", (unsigned char)utf8[k]);
    fputs("]\n", stdout);
  }
  if (argc > 1 && wcsncmp(argv[1], L"--exit=", 7) == 0) return _wtoi(argv[1] + 7);
  return 0;
}
