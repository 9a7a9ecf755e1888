/* Signalling an object as SetEvent, ReleaseMutex and ReleaseSemaphore do,
 * for the calls that signal one without going through them:
 * SignalObjectAndWait, and the thread pool's ...WhenCallbackReturns
 * actions.  Same rules and errors: only the owner releases a mutex
 * (ERROR_NOT_OWNER), a semaphore never goes above its maximum
 * (ERROR_TOO_MANY_POSTS).  What a signal does to waiters is
 * kernel/wait.c.
 */
#include "api.h"

bool sim__event_set(sim_object *event) {
  event->signal = 1;
  sim__object_signal(event);
  return true;
}

bool sim__mutex_release(sim_thread *self, sim_object *mutex, DWORD *error) {
  if (mutex->u.mutex.owner != self) {
    *error = ERROR_NOT_OWNER;
    return false;
  }
  if (--mutex->u.mutex.recursion == 0) {
    mutex->u.mutex.owner = NULL;
    sim__held_pop(self, mutex);
    sim__object_signal(mutex);
  }
  return true;
}

bool sim__semaphore_release(sim_object *semaphore, LONG count, LONG *previous, DWORD *error) {
  if (count <= 0) {
    *error = ERROR_INVALID_PARAMETER;
    return false;
  }
  if (count > semaphore->u.semaphore.max - semaphore->signal) {
    *error = ERROR_TOO_MANY_POSTS;
    return false;
  }
  if (previous) *previous = semaphore->signal;
  semaphore->signal += count;
  sim__object_signal(semaphore);
  return true;
}
