# Course-kit style entry points.  Each target wraps a CMake preset; see
# CMakePresets.json for the builds themselves.
#
#   make demo    install what is missing, build, replay the motivating race
#   make check   install what is missing, build, run every test suite
#   make bench   build and print the benchmark figures
#   make bench-wine  the motivating race: simulator beside loaderlab-host under Wine
#   make bench-scale exhaustive search: reduction beside the full search (docs/scale.md)
#   make soak    10 million schedules in one process: memory stays flat, samples replay
#   make lessons-update  rewrite the lessons' expected outputs from a fresh run
#   make screenshot  refresh docs/viewer.png from the browser test

JOBS ?= $(shell nproc 2>/dev/null || echo 2)

.PHONY: demo check deps build build-asan build-mingw test test-asan test-mingw bench bench-wine bench-scale soak lessons-update screenshot clean

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
	./build/default/bench/bench_grade

bench-scale: build
	./build/default/bench/bench_scale

soak: build
	./build/default/bench/soak

bench-wine: build build-mingw
	sh bench/wine_vs_sim.sh

# After a change to what loaderlab prints: rerun every command the lessons
# show and write its output into the chapter (review with git diff).  The
# Wine blocks are rewritten too when the mingw build is there.
lessons-update: build
	sh tools/lessons-doctest.sh --update
	@if [ -d build/mingw/wineprefix ]; then \
	  $(MAKE) build-mingw && sh tools/lessons-doctest.sh --update --wine; \
	else \
	  echo "lessons-update: Wine blocks left as they are (run make build-mingw test-mingw first to rewrite them too)"; \
	fi

screenshot: build
	ctest --preset default -R 'browser_deps|test_viewer_browser'
	cp build/default/viewer.png docs/viewer.png

clean:
	rm -rf build
