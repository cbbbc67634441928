# The two commands of README.md, for a fresh Debian 12 machine, as root:
#   make demo   install what is missing, build, run the main job on the built-in desk lab
#   make test   install what is missing, build, run every test
BUILD ?= build
BUILD_TYPE ?= RelWithDebInfo
comma := ,

# Everything dcod, its tests and its benchmarks need, as Debian packages (metis: the partition
# benchmark compares against gpmetis; debootstrap: the real VBoxManage the simulator is held to
# runs in a Debian-unstable chroot; wine64 and gcc-mingw-w64-x86-64: Windows hosts are tested
# through a real cmd.exe under Wine; clang and its runtime: the fuzz targets link libFuzzer;
# dcod itself uses none of them).
PACKAGES := cmake ninja-build g++ make pkg-config \
  libpugixml-dev libssh-dev libboost-graph-dev libboost-program-options-dev libspdlog-dev libfmt-dev nlohmann-json3-dev \
  libgtest-dev libgmock-dev graphviz libxml2-utils iproute2 time \
  iputils-ping iputils-arping iperf3 tcpdump util-linux openssh-server openssh-client openssl \
  metis debootstrap wine64 gcc-mingw-w64-x86-64 clang libclang-rt-14-dev

.PHONY: deps build demo test test-plain test-asan test-tsan fuzz bench clean vbox-root wine-prefix

deps:
	@missing=$$(for p in $(PACKAGES); do \
	  dpkg-query -W -f='$${Status}\n' $$p 2>/dev/null | grep -q 'install ok installed' || echo $$p; \
	done); \
	if [ -n "$$missing" ]; then \
	  echo "installing:" $$missing; \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing; \
	fi

build: deps
	cmake -S . -B $(BUILD) -G Ninja -DCMAKE_BUILD_TYPE=$(BUILD_TYPE)
	cmake --build $(BUILD)

# The main job: the built-in desk lab (3 simulated hosts, 2 nets, 6 VMs) built for real, looked
# at, pinged across hosts, drawn, and destroyed again (also when a step fails).
demo: build
	@set -e; d=./$(BUILD)/dcod; trap '$$d --destroy >/dev/null 2>&1' EXIT; \
	$$d --seg-info; \
	$$d --create; \
	$$d --status; \
	echo "a1 (hv1) -> a2 (hv2) over VXLAN:"; $$d --exec a1 -- ping -c 2 10.1.0.2; \
	echo "a1 (hv1) -> a3 (hv3) over IPv6:"; $$d --exec a1 -- ping -c 2 fd00:1::3; \
	echo "b1 (hv1) -> b3 (hv3) on the other net:"; $$d --exec b1 -- ping -c 2 10.2.0.3; \
	$$d --show --format svg -o $(BUILD)/desk.svg; \
	echo "topology rendered to $(BUILD)/desk.svg; destroying the lab (keep it with: $$d --create)"

# The real VBoxManage 7.2 for the simulator's conformance test (a Debian-unstable chroot, built
# once from the registry apt uses); without it that test skips, or fails under CI.
vbox-root: build
	tests/lab/vbox_chroot.sh ensure $(BUILD)/vbox-root || \
	  echo "warning: no real VBoxManage for the conformance test (see tests/lab/vbox_chroot.sh)"

# The Wine prefix the Windows lab hosts are made from (wineboot, once per build directory).
wine-prefix: build
	tests/lab/wine_prefix.sh ensure $(BUILD)/wine-prefix || \
	  echo "warning: no Wine prefix for the Windows tests (see tests/lab/wine_prefix.sh)"

# Every test: the suite in the plain build; again under AddressSanitizer with
# UndefinedBehaviorSanitizer and under ThreadSanitizer (a report fails its test); then each fuzz
# target for FUZZ_SECONDS from its seeds (the seeds themselves are replayed by the suite).
test: test-plain test-asan test-tsan fuzz

test-plain: build vbox-root wine-prefix
	cd $(BUILD) && ctest --output-on-failure -j2

# The sanitizer builds share the plain build's VBoxManage chroot and Wine prefix.
# -O1 -g1: line numbers in reports, and a fraction of the compile time of -O2 -g. Built: the
# suite and the fuzz targets, whose corpus replays ctest runs too.
SANITIZED = cmake -S . -B $(BUILD)-$(1) -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo \
  "-DCMAKE_CXX_FLAGS_RELWITHDEBINFO=-O1 -g1" -DDCOD_SANITIZE=$(2) \
  -DDCOD_LAB_DIR=$(abspath $(BUILD)) && cmake --build $(BUILD)-$(1) --target $(3)

# Left to the plain run: the conformance test (the real VBoxManage's registry in the shared
# chroot outlives a run, so a second run there starts from another state) and the 400-vector
# cmd.exe property test (Wine now and then fails to start a program on a loaded machine,
# 9009); both exercise the rig more than dcod, whose cmd.exe code the other tests cover.
SANITIZED_SKIP := ^(VBoxConformance|CmdDialectOnWine)\.

test-asan: build vbox-root wine-prefix
	$(call SANITIZED,asan,address$(comma)undefined,dcod_tests $(FUZZ_TARGETS))
	cd $(BUILD)-asan && ASAN_OPTIONS=detect_leaks=1:abort_on_error=0 \
	  UBSAN_OPTIONS=print_stacktrace=1 ctest --output-on-failure -j2 -E '$(SANITIZED_SKIP)'

test-tsan: build vbox-root wine-prefix
	$(call SANITIZED,tsan,thread,dcod_tests $(FUZZ_TARGETS))
	cd $(BUILD)-tsan && TSAN_OPTIONS=halt_on_error=1:second_deadlock_stack=1 \
	  ctest --output-on-failure -j2 -E '$(SANITIZED_SKIP)'

# The fuzz targets (tests/fuzz) built with clang for libFuzzer, with ASan and UBSan, each run for
# FUZZ_SECONDS from its seeds; what they find is kept in $(BUILD)-fuzz/fuzz-found.
FUZZ_SECONDS ?= 60
FUZZ_TARGETS := $(addprefix dcod_fuzz_,scenario iproute vbox shell keeper state_record)
fuzz: deps
	CC=clang CXX=clang++ cmake -S . -B $(BUILD)-fuzz -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo \
	  "-DCMAKE_CXX_FLAGS_RELWITHDEBINFO=-O1 -g1" -DDCOD_FUZZ=ON \
	  -DDCOD_SANITIZE=address$(comma)undefined$(comma)fuzzer-no-link
	cmake --build $(BUILD)-fuzz --target $(FUZZ_TARGETS)
	tests/fuzz/run_fuzzers.sh $(BUILD)-fuzz $(FUZZ_SECONDS)

bench: build
	tests/bench/run_seg_bench.sh $(BUILD)
	tests/bench/run_partition_bench.sh $(BUILD)
	tests/bench/run_desk_bench.sh $(BUILD)
	tests/bench/run_ssh_bench.sh $(BUILD)
	tests/bench/run_wan_bench.sh $(BUILD)

clean:
	tests/lab/vbox_chroot.sh clean $(BUILD)/vbox-root
	tests/lab/wine_prefix.sh clean $(BUILD)/wine-prefix
	rm -rf $(BUILD) $(BUILD)-asan $(BUILD)-tsan $(BUILD)-fuzz
