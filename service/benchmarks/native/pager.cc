// The native baseline of BENCHMARKS.md ("Engine against native code"): the pager's fault path in plain C++, on
// the same workload as NativeWorkloadBenchmark, so that the ratio of the two means something.
//
// Per fault: find the region with a std::map floor lookup, level by level through nested region maps, narrowing
// the bounds; at the leaf, the largest 2^k block around the physical address inside the source bounds (the same
// loop as Log2Range.largestWithin), the common log2 of virtual and physical address, foc's constraint (any size
// from the page up), and the install: flush the overlapping mappings of the address space, insert the new one.
//
// Usage: pager flat|nested [faults] [rounds]; prints faults/s per round, the median and the checksum of one round.
#include <algorithm>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <map>
#include <memory>
#include <vector>

using u64 = uint64_t;
static const int PAGE = 12, RECURSION_LIMIT = 5;

struct Range { u64 first, last; bool valid; };
static Range make(u64 first, u64 size) { return {first, first + size - 1, size != 0}; }
static Range intersect(Range a, Range b) {
    if (!a.valid || !b.valid) return {0, 0, false};
    u64 f = std::max(a.first, b.first), l = std::min(a.last, b.last);
    return {f, l, f <= l};
}
static Range shift(Range r, u64 minus, u64 plus) { return {r.first - minus + plus, r.last - minus + plus, r.valid}; }
static bool contains(Range outer, u64 first, u64 last) { return outer.valid && outer.first <= first && last <= outer.last; }

struct RegionMap;
struct Dataspace { u64 phys, size; bool writable; RegionMap* managed; };
struct Region { u64 at, size, offset; Dataspace* ds; bool writable; };
struct Mapping { u64 virt, phys; int log2; bool writable; };
struct RegionMap {
    u64 size;
    std::map<u64, Region> regions;
    std::map<u64, Mapping> mappings;  // the address space's installed mappings, by virtual address
    Dataspace ds{0, 0, true, nullptr};
    explicit RegionMap(u64 s) : size(s) { ds = {0, s, true, this}; }
};

template <class V> static V* floor_at(std::map<u64, V>& m, u64 addr, u64 V::*size) {
    auto it = m.upper_bound(addr);
    if (it == m.begin()) return nullptr;
    --it;
    return addr - it->first < it->second.*size ? &it->second : nullptr;
}

static bool fault(RegionMap* as, u64 addr, Mapping& out) {
    RegionMap* rm = as;
    u64 hotspot = addr;
    bool writable = true;
    Range bounds = make(0, as->size);
    for (int depth = RECURSION_LIMIT; depth > 0; depth--) {
        Region* r = floor_at(rm->regions, hotspot, &Region::size);
        if (!r) return false;
        Range in_region = shift(intersect(bounds, make(r->at, r->size)), r->at, 0);
        u64 local = hotspot - r->at;
        writable &= r->writable;
        if (r->ds->managed) {
            bounds = shift(in_region, 0, r->offset);
            hotspot = local + r->offset;
            rm = r->ds->managed;
            continue;
        }
        writable &= r->ds->writable;
        u64 src = r->ds->phys + r->offset + local;
        Range src_bounds = shift(intersect(shift(in_region, 0, r->offset), make(0, r->ds->size)), 0, r->ds->phys);
        int block = PAGE;
        if (!contains(src_bounds, src & ~((1ull << PAGE) - 1), src | ((1ull << PAGE) - 1))) return false;
        for (int k = PAGE + 1; k <= 63; k++) {
            u64 mask = (1ull << k) - 1;
            if (!contains(src_bounds, src & ~mask, src | mask)) break;
            block = k;
        }
        int common = std::min(__builtin_ctzll((addr ^ src) | (1ull << 63)), block);
        int size = std::max(common, PAGE);  // foc: any size from the page up
        u64 mask = (1ull << size) - 1;
        out = {addr & ~mask, src & ~mask, size, writable};
        // Install: flush what overlaps, then insert.
        auto it = as->mappings.upper_bound(out.virt);
        if (it != as->mappings.begin()) --it;
        while (it != as->mappings.end() && it->first <= (out.virt | mask)) {
            u64 last = it->first + ((1ull << it->second.log2) - 1);
            it = last >= out.virt ? as->mappings.erase(it) : std::next(it);
        }
        as->mappings.emplace(out.virt, out);
        return true;
    }
    return false;
}

static u64 splitmix(u64& s) {
    u64 z = (s += 0x9E3779B97F4A7C15ull);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    return z ^ (z >> 31);
}

int main(int argc, char** argv) {
    bool nested = argc > 1 && !strcmp(argv[1], "nested");
    long faults = argc > 2 ? atol(argv[2]) : 4000000;
    int rounds = argc > 3 ? atoi(argv[3]) : 5;
    std::vector<std::unique_ptr<RegionMap>> maps;
    std::vector<std::unique_ptr<Dataspace>> dataspaces;
    maps.push_back(std::make_unique<RegionMap>(1ull << 30));
    RegionMap* as = maps[0].get();
    for (u64 i = 0; i < 1000; i++) {
        dataspaces.push_back(std::make_unique<Dataspace>(Dataspace{i << 16, 1 << 16, true, nullptr}));
        Dataspace* ram = dataspaces.back().get();
        if (!nested) {
            as->regions[i << 20] = {i << 20, 1 << 16, 0, ram, true};
            continue;
        }
        maps.push_back(std::make_unique<RegionMap>(1 << 20));
        RegionMap* a = maps.back().get();
        maps.push_back(std::make_unique<RegionMap>(1 << 18));
        RegionMap* b = maps.back().get();
        as->regions[i << 20] = {i << 20, 1 << 20, 0, &a->ds, true};
        a->regions[1 << 18] = {1 << 18, 1 << 18, 0, &b->ds, true};
        b->regions[0] = {0, 1 << 16, 0, ram, true};
    }
    std::vector<u64> addrs(faults);
    u64 seed = 42;
    for (auto& a : addrs) {
        u64 x = splitmix(seed);
        a = ((x >> 33) % 1000 << 20) + (nested ? 1 << 18 : 0) + (x & 0xFFFF);
    }
    std::vector<double> rates;
    u64 checksum = 0;
    for (int round = 0; round < rounds; round++) {
        u64 h = 0xcbf29ce484222325ull;  // FNV-1a over (virt, phys, log2) of every fault's mapping
        auto t0 = std::chrono::steady_clock::now();
        for (u64 a : addrs) {
            Mapping m;
            if (!fault(as, a, m)) { fprintf(stderr, "fault at %llx not resolved\n", (unsigned long long) a); return 1; }
            h = (h ^ m.virt) * 0x100000001b3ull;
            h = (h ^ m.phys) * 0x100000001b3ull;
            h = (h ^ (u64) m.log2) * 0x100000001b3ull;
        }
        double s = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
        rates.push_back(faults / s);
        checksum = h;
        printf("round %d: %.0f faults/s\n", round + 1, faults / s);
    }
    std::sort(rates.begin(), rates.end());
    printf("native %s: median %.0f faults/s, checksum %016llx, installed %zu\n", nested ? "nested" : "flat",
           rates[rates.size() / 2], (unsigned long long) checksum, as->mappings.size());
}
