# Course-kit style entry points.  Each target wraps a CMake preset; see
# CMakePresets.json for the builds themselves.
#
#   make demo    install what is missing, build, replay the motivating race
#   make check   install what is missing, build, run every test suite
#   make bench   build and print the benchmark figures
#   make bench-wine  the motivating race: simulator beside loaderlab-host under Wine
#   make screenshot  refresh docs/viewer.png from the browser test

JOBS ?= $(shell nproc 2>/dev/null || echo 2)

.PHONY: demo check deps build build-asan build-mingw test test-asan test-mingw bench bench-wine screenshot clean

demo: deps build
	@sh tools/demo.sh ./build/default/sim/loaderlab

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

bench-wine: build build-mingw
	sh bench/wine_vs_sim.sh

screenshot: build
	ctest --preset default -R 'browser_deps|test_viewer_browser'
	cp build/default/viewer.png docs/viewer.png

clean:
	rm -rf build
