# Proves that a wrong-way include between layers fails the build
# (docs/architecture.md, "The rule, and what enforces it"): for every layer
# and every internal header of every layer, a probe file that includes the
# header is compiled with the include path the build gives that layer.  A
# header of the layer itself or of a layer the rule allows below it must
# compile (so the probe can only fail for the right reason); a header of a
# layer above or beside must not be found.  Run by CTest as a script:
#
#   cmake -DCC=<compiler> -DSIM_DIR=<sim/> -DWORK_DIR=<scratch>
#         -DLAYERS=<a,b,..> -DINCLUDES_<layer>=<dir,dir,..>
#         -DALLOWED_<layer>=<layer,layer,..> -P check_layer_includes.cmake
#
# (Lists are given with commas, which survive the trip through add_test.)
foreach(var CC SIM_DIR WORK_DIR LAYERS)
  if(NOT DEFINED ${var})
    message(FATAL_ERROR "check_layer_includes.cmake needs -D${var}=...")
  endif()
endforeach()
string(REPLACE "," ";" LAYERS "${LAYERS}")
foreach(layer IN LISTS LAYERS)
  string(REPLACE "," ";" INCLUDES_${layer} "${INCLUDES_${layer}}")
  string(REPLACE "," ";" ALLOWED_${layer} "${ALLOWED_${layer}}")
endforeach()

file(MAKE_DIRECTORY ${WORK_DIR})
set(failures "")
set(checked 0)
foreach(layer IN LISTS LAYERS)
  set(flags -fsyntax-only -std=gnu11 -D_GNU_SOURCE -I${SIM_DIR}/include)
  foreach(dir IN LISTS INCLUDES_${layer})
    list(APPEND flags -I${dir})
  endforeach()
  foreach(other IN LISTS LAYERS)
    file(GLOB headers RELATIVE ${SIM_DIR}/${other} ${SIM_DIR}/${other}/*.h)
    list(FIND ALLOWED_${layer} ${other} visible)
    foreach(header IN LISTS headers)
      set(probe ${WORK_DIR}/${layer}_includes_${other}_${header}.c)
      file(WRITE ${probe} "#include \"${header}\"\nint loaderlab_probe;\n")
      execute_process(COMMAND ${CC} ${flags} ${probe}
                      RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE out)
      math(EXPR checked "${checked} + 1")
      if(visible GREATER -1)
        if(NOT rc EQUAL 0)
          string(APPEND failures "\n  ${layer}/ may include ${other}/${header}, but it does not compile:\n${out}")
        endif()
      elseif(rc EQUAL 0)
        string(APPEND failures "\n  ${layer}/ includes ${other}/${header}, a layer above or beside it, and it compiles")
      elseif(NOT out MATCHES "${header}")
        string(APPEND failures "\n  ${layer}/ including ${other}/${header} fails, but not for want of the header:\n${out}")
      endif()
    endforeach()
  endforeach()
endforeach()
if(failures)
  message(FATAL_ERROR "the include paths do not enforce the layers:${failures}")
endif()
message(STATUS "${checked} includes checked: every wrong-way include fails, every allowed one compiles")
