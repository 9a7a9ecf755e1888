# ASan + UBSan for the simulator and its tests (preset `asan`).
#
# Only targets that call loaderlab_sanitize() are instrumented: the simulated
# programs (host and DLL shared objects compiled at run time) are not, because
# they fault on purpose and are student code we do not want to blame on ASan.
function(loaderlab_sanitize target)
  if(LOADERLAB_SANITIZE)
    target_compile_options(${target} PRIVATE
      -fsanitize=address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer)
    target_link_options(${target} PRIVATE -fsanitize=address,undefined)
    target_compile_definitions(${target} PRIVATE LOADERLAB_ASAN=1)
  endif()
endfunction()
