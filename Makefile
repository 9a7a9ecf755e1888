# Course-kit style entry points.  Each target wraps a CMake preset; see
# CMakePresets.json for the builds themselves.
#
#   make demo    install what is missing, build, replay the motivating race
#   make check   install what is missing, build, run every test suite
#   make bench   build and print the benchmark figures
#   make bench-wine  the motivating race: simulator beside loaderlab-host under Wine
#   make bench-scale exhaustive search: reduction beside the full search (docs/scale.md)
#   make soak    10 million schedules in one process: memory stays flat, samples replay

JOBS ?= $(shell nproc 2>/dev/null || echo 2)

.PHONY: demo check deps build build-asan build-mingw test test-asan test-mingw bench bench-wine bench-scale soak clean

demo: deps build
	./build/default/sim/loaderlab explore

check: deps test test-asan test-mingw

deps:
	@./tools/ensure-deps.sh

build:
	cmake --preset default >/dev/null
	cmake --build --preset default -j $(JOBS)

build-asan:
	cmake --preset asan >/dev/null
	cmake --build --preset asan -j $(JOBS)

build-mingw:
	cmake --preset mingw >/dev/null
	cmake --build --preset mingw -j $(JOBS)

test: build
	ctest --preset default -j $(JOBS)

test-asan: build-asan
	ctest --preset asan -j $(JOBS)

test-mingw: build-mingw
	ctest --preset mingw -j $(JOBS)

bench: build
	./build/default/bench/bench_core

bench-scale: build
	./build/default/bench/bench_scale

soak: build
	./build/default/bench/soak

bench-wine: build build-mingw
	sh bench/wine_vs_sim.sh

clean:
	rm -rf build
