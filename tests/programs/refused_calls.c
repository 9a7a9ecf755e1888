/* Makes one call a simulated program may not make, chosen by the test
 * through the environment variable REFUSED_CALL (the program's own
 * behaviour is otherwise fixed).  Each call must end the run with the
 * "unsupported call" verdict naming it; "other-streams" reads a file it
 * wrote itself, which is allowed. */
#define _GNU_SOURCE
#include <windows.h>
#include <dlfcn.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

static void *thread_main(void *arg) { return arg; }

static DWORD WINAPI sleeper(LPVOID arg) {
  (void)arg;
  usleep(1000);
  return 0;
}

int main(void) {
  const char *call = getenv("REFUSED_CALL");
  if (!call) return 99;
  printf("calling %s\n", call);
  if (!strcmp(call, "fork")) {
    pid_t pid = fork();
    printf("fork returned %d\n", (int)pid);
  } else if (!strcmp(call, "system")) {
    system("echo escaped");
  } else if (!strcmp(call, "execlp")) {
    execlp("true", "true", (char *)NULL);
  } else if (!strcmp(call, "popen")) {
    popen("cat", "r");
  } else if (!strcmp(call, "pthread_create")) {
    pthread_t t;
    pthread_create(&t, NULL, thread_main, NULL);
  } else if (!strcmp(call, "pthread_mutex_lock")) {
    static pthread_mutex_t m = PTHREAD_MUTEX_INITIALIZER;
    pthread_mutex_lock(&m);
  } else if (!strcmp(call, "sleep")) {
    sleep(2);
  } else if (!strcmp(call, "nanosleep")) {
    struct timespec t = {1, 0};
    nanosleep(&t, NULL);
  } else if (!strcmp(call, "worker-usleep")) {
    HANDLE h = CreateThread(NULL, 0, sleeper, NULL, 0, NULL);
    WaitForSingleObject(h, INFINITE);
  } else if (!strcmp(call, "getchar")) {
    getchar();
  } else if (!strcmp(call, "fgets")) {
    char line[64];
    fgets(line, sizeof line, stdin);
  } else if (!strcmp(call, "scanf")) {
    int n;
    scanf("%d", &n);
  } else if (!strcmp(call, "read")) {
    char c;
    read(0, &c, 1);
  } else if (!strcmp(call, "signal")) {
    signal(SIGSEGV, SIG_IGN);
  } else if (!strcmp(call, "raise")) {
    raise(SIGTERM);
  } else if (!strcmp(call, "dlopen")) {
    dlopen("libc.so.6", RTLD_NOW);
  } else if (!strcmp(call, "dlsym")) {
    dlsym(RTLD_DEFAULT, "fork");
  } else if (!strcmp(call, "syscall")) {
    syscall(SYS_getpid);
  } else if (!strcmp(call, "_Exit")) {
    _Exit(3);
  } else if (!strcmp(call, "other-streams")) {
    FILE *f = tmpfile();
    fputs("written 1\n", f);
    rewind(f);
    char line[32] = "";
    int n = 0;
    fgets(line, sizeof line, f);
    rewind(f);
    fscanf(f, "written %d", &n);
    fclose(f);
    printf("read back: %s and %d\n", strtok(line, "\n"), n);
  }
  printf("returned from %s\n", call);
  return 0;
}
