/* Prints the arguments a Windows program receives, as the C runtime parsed its command line
 * (wmain's argv), one per line as [hex of its UTF-8]; exits with the status in ARGV_EXIT. */
#include <stdio.h>
#include <stdlib.h>
#include <windows.h>

int wmain(int argc, wchar_t** argv) {
  for (int i = 1; i < argc; ++i) {
    static char utf8[65536];
    int n = WideCharToMultiByte(CP_UTF8, 0, argv[i], -1, utf8, sizeof utf8, NULL, NULL);
    fputc('[', stdout);
    for (int k = 0; k + 1 < n; ++k) fprintf(stdout, "%02x", (unsigned char)utf8[k]);
    fputs("]\n", stdout);
  }
  const char* status = getenv("ARGV_EXIT");
  return status ? atoi(status) : 0;
}
