/* Win32-OpenSSH's way of running a command, for the test rig (tests/lab/wine_host.h): it
 * CreateProcess()es the exact command line in DCOD_WINE_LINE — `"<shell>" /c "<command>"` —
 * with its own standard handles, waits for it and exits with its exit code. Run under Wine,
 * whose own launcher would quote the line again if it were given as arguments. */
#include <stdio.h>
#include <windows.h>

int main(void) {
  static wchar_t line[32768];
  DWORD n = GetEnvironmentVariableW(L"DCOD_WINE_LINE", line, 32768);
  if (n == 0 || n >= 32768) {
    fputs("openssh_exec: DCOD_WINE_LINE is not set or too long\n", stderr);
    return 255;
  }
  STARTUPINFOW start = {sizeof start};
  start.dwFlags = STARTF_USESTDHANDLES;
  start.hStdInput = GetStdHandle(STD_INPUT_HANDLE);
  start.hStdOutput = GetStdHandle(STD_OUTPUT_HANDLE);
  start.hStdError = GetStdHandle(STD_ERROR_HANDLE);
  PROCESS_INFORMATION child;
  if (!CreateProcessW(NULL, line, NULL, NULL, TRUE, 0, NULL, NULL, &start, &child)) {
    fprintf(stderr, "openssh_exec: CreateProcess failed (%lu)\n", GetLastError());
    return 255;
  }
  WaitForSingleObject(child.hProcess, INFINITE);
  DWORD code = 255;
  GetExitCodeProcess(child.hProcess, &code);
  return (int)code;
}
