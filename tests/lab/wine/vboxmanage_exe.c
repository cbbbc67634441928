/* VBoxManage.exe for the test rig: hands the arguments it received, as the Windows C runtime
 * parsed them, to the Linux VBoxManage simulator and answers as VBoxManage.exe does: the
 * simulator's output with CRLF line ends and "VBoxManage.exe:" where it says "VBoxManage:",
 * and its exit status. Wine starts Linux programs but neither waits for them nor connects
 * their output, so the two meet in a directory of their own under VBOXSIM_EXCHANGE: argv
 * (NUL-terminated UTF-8 arguments) one way; out, err and status (written last) the other. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <windows.h>

/* No wildcard expansion of arguments, as VBoxManage.exe (built with MSVC) does none. */
int _dowildcard = 0;

/* A Linux path as Wine's drive Z: names it. */
static void windows_path(const char* unix_path, wchar_t* out, int size) {
  char path[4096];
  snprintf(path, sizeof path, "Z:%s", unix_path);
  for (char* p = path; *p; ++p)
    if (*p == '/') *p = '\\';
  MultiByteToWideChar(CP_UTF8, 0, path, -1, out, size);
}

static int write_file(const wchar_t* path, const char* data, size_t size) {
  HANDLE f = CreateFileW(path, GENERIC_WRITE, 0, NULL, CREATE_ALWAYS, 0, NULL);
  if (f == INVALID_HANDLE_VALUE) return 0;
  DWORD written = 0;
  BOOL ok = size == 0 || WriteFile(f, data, (DWORD)size, &written, NULL);
  CloseHandle(f);
  return ok && written == size;
}

/* The whole file, or NULL while it does not exist. */
static char* read_file(const wchar_t* path, DWORD* size) {
  HANDLE f = CreateFileW(path, GENERIC_READ, FILE_SHARE_READ | FILE_SHARE_DELETE, NULL,
                         OPEN_EXISTING, 0, NULL);
  if (f == INVALID_HANDLE_VALUE) return NULL;
  DWORD n = GetFileSize(f, NULL), got = 0;
  char* data = malloc(n + 1);
  if (!ReadFile(f, data, n, &got, NULL)) got = 0;
  CloseHandle(f);
  data[got] = 0;
  *size = got;
  return data;
}

/* Writes `text` to `handle` as VBoxManage.exe prints it. */
static void answer(HANDLE handle, const char* text, DWORD size) {
  static const char linux_prefix[] = "VBoxManage: ";
  char* out = malloc(size * 2 + 64 * (size / 8 + 1));
  DWORD n = 0;
  for (DWORD i = 0; i < size; ++i) {
    int line_start = i == 0 || text[i - 1] == '\n';
    if (line_start && size - i >= sizeof linux_prefix - 1 &&
        memcmp(text + i, linux_prefix, sizeof linux_prefix - 1) == 0) {
      memcpy(out + n, "VBoxManage.exe: ", 16);
      n += 16;
      i += sizeof linux_prefix - 2;
      continue;
    }
    if (text[i] == '\n') out[n++] = '\r';
    out[n++] = text[i];
  }
  DWORD written;
  WriteFile(handle, out, n, &written, NULL);
  free(out);
}

int wmain(int argc, wchar_t** argv) {
  const char* exchange = getenv("VBOXSIM_EXCHANGE");
  const char* simulator = getenv("VBOXSIM_BIN");
  if (!exchange || !simulator) {
    fputs("VBoxManage.exe: error: VBOXSIM_EXCHANGE and VBOXSIM_BIN are not set\r\n", stderr);
    return 1;
  }
  char unix_dir[4096];
  snprintf(unix_dir, sizeof unix_dir, "%s/%lu-%llu", exchange, GetCurrentProcessId(),
           (unsigned long long)GetTickCount64());
  wchar_t dir[4096], file[4200];
  windows_path(unix_dir, dir, 4096);
  CreateDirectoryW(dir, NULL);

  size_t size = 0;
  char* args = malloc(1);
  for (int i = 1; i < argc; ++i) {
    int n = WideCharToMultiByte(CP_UTF8, 0, argv[i], -1, NULL, 0, NULL, NULL);
    args = realloc(args, size + (size_t)n);
    WideCharToMultiByte(CP_UTF8, 0, argv[i], -1, args + size, n, NULL, NULL);
    size += (size_t)n; /* n counts the NUL */
  }
  swprintf(file, 4200, L"%ls\\argv", dir);
  if (!write_file(file, args, size)) {
    fputs("VBoxManage.exe: error: cannot write the simulator's arguments\r\n", stderr);
    return 1;
  }

  wchar_t line[8400], program[4096];
  windows_path(simulator, program, 4096);
  wchar_t unix_dir_w[4096];
  MultiByteToWideChar(CP_UTF8, 0, unix_dir, -1, unix_dir_w, 4096);
  swprintf(line, 8400, L"\"%ls\" --vboxsim-exchange \"%ls\"", program, unix_dir_w);
  STARTUPINFOW start = {sizeof start};
  PROCESS_INFORMATION child;
  if (!CreateProcessW(NULL, line, NULL, NULL, FALSE, 0, NULL, NULL, &start, &child)) {
    fprintf(stderr, "VBoxManage.exe: error: cannot start the simulator (%lu)\r\n",
            GetLastError());
    return 1;
  }

  DWORD got = 0;
  char* status = NULL;
  swprintf(file, 4200, L"%ls\\status", dir);
  for (int waited = 0; !(status = read_file(file, &got)) && waited < 3600 * 1000; waited += 2)
    Sleep(2);
  if (!status) {
    fputs("VBoxManage.exe: error: the simulator did not answer\r\n", stderr);
    return 1;
  }
  const wchar_t* names[] = {L"out", L"err"};
  HANDLE handles[] = {GetStdHandle(STD_OUTPUT_HANDLE), GetStdHandle(STD_ERROR_HANDLE)};
  for (int s = 0; s < 2; ++s) {
    swprintf(file, 4200, L"%ls\\%ls", dir, names[s]);
    DWORD n = 0;
    char* text = read_file(file, &n);
    if (text) answer(handles[s], text, n);
    free(text);
    DeleteFileW(file);
  }
  const wchar_t* rest[] = {L"argv", L"status"};
  for (int s = 0; s < 2; ++s) {
    swprintf(file, 4200, L"%ls\\%ls", dir, rest[s]);
    DeleteFileW(file);
  }
  RemoveDirectoryW(dir);
  return atoi(status);
}
