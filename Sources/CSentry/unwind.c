// A fast stack walk for the throw hook: return addresses of the current thread, newest first, as
// glibc's `backtrace()` gives them, at a few nanoseconds a frame instead of ~200.
//
// On x86_64 Linux, optimized Swift keeps no frame pointers, so the walk follows each frame's DWARF
// call-frame information (.eh_frame). What one frame needs is small: the CFA (rsp + N or rbp + N),
// the return address at CFA - 8, and where the caller's rbp was saved (CFA + M, or unchanged).
// That rule is packed into one 64-bit word per program counter in a fixed, direct-mapped cache of
// relaxed atomics (no lock, no allocation; a racing writer may simply lose). On a miss the rule is
// computed from the object's .eh_frame_hdr (found with glibc's lock-free `_dl_find_object`): a
// binary search for the FDE, its CIE, and the CFA program run up to the address. Anything the
// rule cannot express (CFA expressions, other CFA registers, signal frames) ends the walk there.
// Memory is only read inside [the walk's first rsp, the thread's stack top).
#define _GNU_SOURCE
#include "CSentry.h"

#include <execinfo.h>
#include <stdatomic.h>
#include <stdint.h>
#include <string.h>

#if defined(__x86_64__) && defined(__linux__) && defined(__GLIBC__) && \
    (__GLIBC__ > 2 || (__GLIBC__ == 2 && __GLIBC_MINOR__ >= 35))
#define FAST_UNWIND 1
#include <dlfcn.h>
#include <pthread.h>
#endif

// backtrace() with the same first frame as ours: the return address into the function that
// called the (non-inlined) function this is inlined into. Not a tail call: the copy follows it.
#define GLIBC_MAX 256
static inline __attribute__((always_inline)) int glibc_backtrace(uintptr_t *out, int capacity) {
    void *frames[GLIBC_MAX + 1];
    if (capacity > GLIBC_MAX) capacity = GLIBC_MAX;
    int count = backtrace(frames, capacity + 1);  // frames[0] is inside the calling function
    // ... or inside an interceptor of backtrace (ThreadSanitizer's): start at our return address.
    uintptr_t ours = (uintptr_t)__builtin_return_address(0);
    int first = 1;
    for (int i = 0; i < count && i < 4; i++) {
        if ((uintptr_t)frames[i] == ours) { first = i; break; }
    }
    if (count <= first) return 0;
    if (count - first > capacity) count = capacity + first;
    memcpy(out, frames + first, (size_t)(count - first) * sizeof(uintptr_t));
    return count - first;
}

#if FAST_UNWIND

// DWARF register numbers on x86_64.
enum { REG_RBP = 6, REG_RSP = 7, REG_RA = 16 };

// One frame's rule. `kind`: RULE_STOP ends the walk (no FDE, an undefined return address, or a
// rule this walker does not follow).
enum { RULE_EMPTY = 0, RULE_FRAME = 1, RULE_STOP = 2 };
typedef struct {
    int kind;
    int cfa_is_rbp;    // CFA = (cfa_is_rbp ? rbp : rsp) + cfa_offset
    int64_t cfa_offset;
    int rbp_saved;     // the caller's rbp is at CFA + rbp_offset; else unchanged
    int64_t rbp_offset;
} rule;

// The cache: 8192 words, indexed by a fold of the address; the word keeps the address bits above
// the index (36 bits, enough for addresses below 2^49), so a hit is exact.
#define CACHE_BITS 13
#define CACHE_SIZE (1u << CACHE_BITS)
#define TAG_SHIFT 28
static _Atomic uint64_t cache[CACHE_SIZE];

static size_t cache_index(uintptr_t pc) { return (size_t)((pc ^ (pc >> CACHE_BITS)) & (CACHE_SIZE - 1)); }

// Layout: kind 2 bits | cfa_is_rbp 1 | rbp_saved 1 | cfa_offset 16 | -rbp_offset/8 8 | tag 36.
static int pack(uintptr_t pc, const rule *r, uint64_t *word) {
    if ((pc >> 49) != 0) return 0;
    uint64_t w = (uint64_t)r->kind | ((uint64_t)(pc >> CACHE_BITS) << TAG_SHIFT);
    if (r->kind == RULE_FRAME) {
        if (r->cfa_offset < 0 || r->cfa_offset > 0xFFFF) return 0;
        w |= (uint64_t)(r->cfa_is_rbp != 0) << 2 | (uint64_t)r->cfa_offset << 4;
        if (r->rbp_saved) {
            int64_t slots = -r->rbp_offset / 8;
            if (r->rbp_offset > 0 || r->rbp_offset % 8 != 0 || slots > 0xFF) return 0;
            w |= 1u << 3 | (uint64_t)slots << 20;
        }
    }
    *word = w;
    return 1;
}

static int unpack(uintptr_t pc, uint64_t w, rule *r) {
    if ((w & 3) == RULE_EMPTY || (w >> TAG_SHIFT) != (uint64_t)(pc >> CACHE_BITS)) return 0;
    r->kind = (int)(w & 3);
    r->cfa_is_rbp = (int)(w >> 2 & 1);
    r->rbp_saved = (int)(w >> 3 & 1);
    r->cfa_offset = (int64_t)(w >> 4 & 0xFFFF);
    r->rbp_offset = -(int64_t)(w >> 20 & 0xFF) * 8;
    return 1;
}

// MARK: Reading .eh_frame

typedef struct {
    const uint8_t *p;
    const uint8_t *end;
    int bad;
} reader;

static uint8_t u8(reader *r) {
    if (r->p >= r->end) { r->bad = 1; return 0; }
    return *r->p++;
}

static uint64_t uleb(reader *r) {
    uint64_t value = 0;
    for (int shift = 0; shift < 64; shift += 7) {
        uint8_t byte = u8(r);
        value |= (uint64_t)(byte & 0x7f) << shift;
        if (!(byte & 0x80)) return value;
    }
    r->bad = 1;
    return 0;
}

static int64_t sleb(reader *r) {
    int64_t value = 0;
    int shift = 0;
    uint8_t byte;
    do {
        byte = u8(r);
        if (shift < 64) value |= (int64_t)(byte & 0x7f) << shift;
        shift += 7;
    } while ((byte & 0x80) && !r->bad);
    if (shift < 64 && (byte & 0x40)) value |= -((int64_t)1 << shift);
    return value;
}

static uint64_t fixed(reader *r, int size) {
    if (r->end - r->p < size) { r->bad = 1; return 0; }
    uint64_t value = 0;
    memcpy(&value, r->p, (size_t)size);  // little endian
    r->p += size;
    return value;
}

// A DW_EH_PE-encoded pointer; `datarel` is the base of DW_EH_PE_datarel (the .eh_frame_hdr).
static uintptr_t encoded(reader *r, uint8_t encoding, uintptr_t datarel) {
    if (encoding == 0xff) return 0;  // DW_EH_PE_omit
    uintptr_t here = (uintptr_t)r->p;
    uint64_t value;
    switch (encoding & 0x0f) {
    case 0x00: value = fixed(r, 8); break;                     // absptr
    case 0x01: value = uleb(r); break;                         // uleb128
    case 0x02: value = fixed(r, 2); break;                     // udata2
    case 0x03: value = fixed(r, 4); break;                     // udata4
    case 0x04: value = fixed(r, 8); break;                     // udata8
    case 0x09: value = (uint64_t)sleb(r); break;               // sleb128
    case 0x0a: value = (uint64_t)(int64_t)(int16_t)fixed(r, 2); break;  // sdata2
    case 0x0b: value = (uint64_t)(int64_t)(int32_t)fixed(r, 4); break;  // sdata4
    case 0x0c: value = fixed(r, 8); break;                     // sdata8
    default: r->bad = 1; return 0;
    }
    switch (encoding & 0x70) {
    case 0x00: break;
    case 0x10: value += here; break;     // pcrel
    case 0x30: value += datarel; break;  // datarel
    default: r->bad = 1; return 0;       // textrel, funcrel, aligned: not used on x86_64 Linux
    }
    if (encoding & 0x80) r->bad = 1;     // indirect: only personality pointers use it (skipped)
    return (uintptr_t)value;
}

// One CFI entry (CIE or FDE) at `p`: its body and, for an FDE, the CIE pointer's position.
static int entry(const uint8_t *p, reader *body, const uint8_t **id_at, uint64_t *id) {
    reader r = {p, p + 4, 0};
    uint64_t length = fixed(&r, 4);
    // 0: the terminator; 0xffffffff: 64-bit DWARF, which .eh_frame on Linux does not use.
    if (r.bad || length < 4 || length > (1u << 24)) return 0;
    const uint8_t *end = r.p + length;
    *id_at = r.p;
    r.end = end;
    *id = fixed(&r, 4);
    if (r.bad) return 0;
    *body = (reader){r.p, end, 0};
    return 1;
}

typedef struct {
    uint64_t code_align;
    int64_t data_align;
    uint8_t fde_encoding;
    int has_augmentation_data;
    reader instructions;
} cie;

static int parse_cie(const uint8_t *p, cie *out) {
    reader r;
    const uint8_t *id_at;
    uint64_t id;
    if (!entry(p, &r, &id_at, &id) || id != 0) return 0;
    uint8_t version = u8(&r);
    if (version != 1 && version != 3) return 0;
    const char *augmentation = (const char *)r.p;
    while (u8(&r) != 0 && !r.bad) {}
    out->code_align = uleb(&r);
    out->data_align = sleb(&r);
    uint64_t ra = version == 1 ? u8(&r) : uleb(&r);
    if (r.bad || ra != REG_RA) return 0;
    out->fde_encoding = 0x00;
    out->has_augmentation_data = augmentation[0] == 'z';
    if (out->has_augmentation_data) {
        uint64_t length = uleb(&r);
        if (r.bad || length > (uint64_t)(r.end - r.p)) return 0;
        reader data = {r.p, r.p + length, 0};
        r.p += length;
        for (const char *a = augmentation + 1; *a; a++) {
            switch (*a) {
            case 'L': u8(&data); break;                          // LSDA encoding
            case 'R': out->fde_encoding = u8(&data); break;
            case 'P': {                                          // personality: skip the pointer
                uint8_t encoding = u8(&data);
                encoded(&data, encoding & 0x7f, 0);
                break;
            }
            case 'S': return 0;                                  // a signal frame: not followed
            default: return 0;
            }
        }
        if (data.bad) return 0;
    } else if (augmentation[0] != 0) {
        return 0;
    }
    out->instructions = r;
    return !r.bad;
}

// MARK: Running the CFA program

typedef struct {
    int cfa_reg;
    int64_t cfa_offset;
    int rbp_saved;
    int64_t rbp_offset;
    int ra_undefined;
    int ra_saved;
    int64_t ra_offset;
} cfa_state;

#define STATE_STACK 8

// Runs `program` while its location is at most `pc`. Returns 0 for an instruction this walker
// does not follow.
static int run(reader program, uintptr_t *location, uintptr_t pc, const cie *c, cfa_state *state,
               const cfa_state *initial) {
    cfa_state stack[STATE_STACK];
    int depth = 0;
    while (program.p < program.end) {
        uint8_t op = u8(&program);
        uint64_t reg = 0;
        int64_t offset = 0;
        uintptr_t advance = 0;
        switch (op >> 6) {
        case 1: advance = (uintptr_t)(op & 0x3f) * c->code_align; break;  // DW_CFA_advance_loc
        case 2:                                                             // DW_CFA_offset
            reg = op & 0x3f;
            offset = (int64_t)uleb(&program) * c->data_align;
            goto set_offset;
        case 3:                                                             // DW_CFA_restore
            reg = op & 0x3f;
            goto restore;
        default:
            switch (op) {
            case 0x00: break;                                               // nop
            case 0x01: {                                                    // set_loc
                uintptr_t target = encoded(&program, c->fde_encoding, 0);
                if (program.bad) return 0;
                if (target > pc) return 1;
                *location = target;
                break;
            }
            case 0x02: advance = (uintptr_t)fixed(&program, 1) * c->code_align; break;
            case 0x03: advance = (uintptr_t)fixed(&program, 2) * c->code_align; break;
            case 0x04: advance = (uintptr_t)fixed(&program, 4) * c->code_align; break;
            case 0x05:                                                      // offset_extended
                reg = uleb(&program);
                offset = (int64_t)uleb(&program) * c->data_align;
                goto set_offset;
            case 0x11:                                                      // offset_extended_sf
                reg = uleb(&program);
                offset = sleb(&program) * c->data_align;
                goto set_offset;
            case 0x2f:                                                      // GNU_negative_offset_extended
                reg = uleb(&program);
                offset = -(int64_t)uleb(&program) * c->data_align;
                goto set_offset;
            case 0x06:                                                      // restore_extended
                reg = uleb(&program);
                goto restore;
            case 0x07:                                                      // undefined
            case 0x08:                                                      // same_value
                reg = uleb(&program);
                if (reg == REG_RBP) state->rbp_saved = 0;
                if (reg == REG_RA) state->ra_undefined = op == 0x07;
                if (reg == REG_RA) state->ra_saved = 0;
                break;
            case 0x09:                                                      // register
                reg = uleb(&program);
                if (reg == REG_RBP || reg == REG_RA) return 0;
                uleb(&program);
                break;
            case 0x0a:                                                      // remember_state
                if (depth == STATE_STACK) return 0;
                stack[depth++] = *state;
                break;
            case 0x0b: {                                                    // restore_state
                if (depth == 0) return 0;
                *state = stack[--depth];  // the CFA rule too, as libgcc does
                break;
            }
            case 0x0c:                                                      // def_cfa
                state->cfa_reg = (int)uleb(&program);
                state->cfa_offset = (int64_t)uleb(&program);
                break;
            case 0x12:                                                      // def_cfa_sf
                state->cfa_reg = (int)uleb(&program);
                state->cfa_offset = sleb(&program) * c->data_align;
                break;
            case 0x0d: state->cfa_reg = (int)uleb(&program); break;        // def_cfa_register
            case 0x0e: state->cfa_offset = (int64_t)uleb(&program); break; // def_cfa_offset
            case 0x13: state->cfa_offset = sleb(&program) * c->data_align; break;  // def_cfa_offset_sf
            case 0x2e: uleb(&program); break;                               // GNU_args_size
            case 0x10:                                                      // expression
            case 0x14:                                                      // val_offset
            case 0x15:                                                      // val_offset_sf
            case 0x16: {                                                    // val_expression
                reg = uleb(&program);
                if (reg == REG_RBP || reg == REG_RA || reg == REG_RSP) return 0;
                if (op == 0x14) uleb(&program);
                else if (op == 0x15) sleb(&program);
                else {
                    uint64_t length = uleb(&program);
                    if (length > (uint64_t)(program.end - program.p)) return 0;
                    program.p += length;
                }
                break;
            }
            default: return 0;                                              // def_cfa_expression and the rest
            }
        }
        if (program.bad) return 0;
        if (advance) {
            if (*location + advance > pc) return 1;
            *location += advance;
        }
        continue;
    set_offset:
        if (program.bad) return 0;
        if (reg == REG_RBP) { state->rbp_saved = 1; state->rbp_offset = offset; }
        if (reg == REG_RA) { state->ra_saved = 1; state->ra_undefined = 0; state->ra_offset = offset; }
        continue;
    restore:
        if (program.bad || !initial) return 0;
        if (reg == REG_RBP) { state->rbp_saved = initial->rbp_saved; state->rbp_offset = initial->rbp_offset; }
        if (reg == REG_RA) {
            state->ra_saved = initial->ra_saved;
            state->ra_undefined = initial->ra_undefined;
            state->ra_offset = initial->ra_offset;
        }
        continue;
    }
    return 1;
}

// The FDE covering `pc` in the object's .eh_frame_hdr search table; NULL when there is none.
static const uint8_t *find_fde(const uint8_t *hdr, uintptr_t pc) {
    reader r = {hdr, hdr + 4, 0};
    uint8_t version = u8(&r), frame_encoding = u8(&r), count_encoding = u8(&r), table_encoding = u8(&r);
    if (version != 1 || table_encoding != 0x3b) return NULL;  // datarel | sdata4, what ld writes
    r.end = hdr + 64;
    encoded(&r, frame_encoding, (uintptr_t)hdr);
    uint64_t count = encoded(&r, count_encoding, (uintptr_t)hdr);
    if (r.bad || count == 0) return NULL;
    const int32_t *table = (const int32_t *)r.p;  // (initial location, FDE), relative to hdr
    uint64_t low = 0, high = count;               // the last entry starting at or before pc
    while (high - low > 1) {
        uint64_t middle = low + (high - low) / 2;
        if ((uintptr_t)hdr + (intptr_t)table[2 * middle] <= pc) low = middle;
        else high = middle;
    }
    if ((uintptr_t)hdr + (intptr_t)table[2 * low] > pc) return NULL;
    return hdr + (intptr_t)table[2 * low + 1];
}

// The rule for `pc` computed from the object's CFI.
static rule compute(uintptr_t pc) {
    rule stop = {.kind = RULE_STOP};
    struct dl_find_object object;
    if (_dl_find_object((void *)pc, &object) != 0 || !object.dlfo_eh_frame) return stop;
    const uint8_t *fde = find_fde((const uint8_t *)object.dlfo_eh_frame, pc);
    if (!fde) return stop;
    reader body;
    const uint8_t *id_at;
    uint64_t id;
    if (!entry(fde, &body, &id_at, &id) || id == 0) return stop;
    cie c;
    if (!parse_cie(id_at - id, &c)) return stop;
    uintptr_t begin = encoded(&body, c.fde_encoding, 0);
    uintptr_t range = encoded(&body, c.fde_encoding & 0x0f, 0);
    if (body.bad || pc < begin || pc - begin >= range) return stop;
    if (c.has_augmentation_data) {
        uint64_t length = uleb(&body);
        if (body.bad || length > (uint64_t)(body.end - body.p)) return stop;
        body.p += length;
    }
    cfa_state state = {.cfa_reg = REG_RSP, .cfa_offset = 8};
    uintptr_t location = begin;
    if (!run(c.instructions, &location, pc, &c, &state, NULL)) return stop;
    cfa_state initial = state;
    location = begin;
    if (!run(body, &location, pc, &c, &state, &initial)) return stop;
    if (state.ra_undefined || !state.ra_saved || state.ra_offset != -8) return stop;
    if (state.cfa_reg != REG_RSP && state.cfa_reg != REG_RBP) return stop;
    return (rule){
        .kind = RULE_FRAME,
        .cfa_is_rbp = state.cfa_reg == REG_RBP,
        .cfa_offset = state.cfa_offset,
        .rbp_saved = state.rbp_saved,
        .rbp_offset = state.rbp_offset,
    };
}

static rule rule_for(uintptr_t pc) {
    _Atomic uint64_t *slot = &cache[cache_index(pc)];
    rule r;
    if (unpack(pc, atomic_load_explicit(slot, memory_order_relaxed), &r)) return r;
    r = compute(pc);
    uint64_t word;
    if (pack(pc, &r, &word)) atomic_store_explicit(slot, word, memory_order_relaxed);
    return r;
}

// MARK: The walk

// Found on a thread's first walk, not when the hook is installed: for the main thread glibc
// reads /proc/self/maps (~640k instructions), which the first throw there pays rather than
// every `SentrySDK.start`.
static __thread uintptr_t stack_low, stack_top;
static __thread int stack_known;  // 0 not asked yet, 1 known, -1 unavailable

static int thread_stack(void) {
    if (stack_known == 0) {
        stack_known = -1;
        pthread_attr_t attributes;
        if (pthread_getattr_np(pthread_self(), &attributes) == 0) {
            void *address;
            size_t size;
            if (pthread_attr_getstack(&attributes, &address, &size) == 0 && size > 0) {
                stack_low = (uintptr_t)address;
                stack_top = (uintptr_t)address + size;
                stack_known = 1;
            }
            pthread_attr_destroy(&attributes);
        }
    }
    return stack_known == 1;
}

static inline int load(uintptr_t address, uintptr_t low, uintptr_t top, uintptr_t *value) {
    if (address < low || address > top - sizeof(uintptr_t) || (address & 7)) return 0;
    *value = *(const uintptr_t *)address;
    return 1;
}

__attribute__((noinline)) static int fast_walk(uintptr_t *out, int capacity) {
    uintptr_t bp, sp, ip;
    // rbp first: the compiler may hand rbp out as an output register.
    __asm__ volatile("mov %%rbp, %0\n\t"
                     "mov %%rsp, %1\n\t"
                     "1: lea 1b(%%rip), %2"
                     : "=&r"(bp), "=&r"(sp), "=&r"(ip));
    if (!thread_stack() || sp < stack_low || sp >= stack_top) return -1;
    const uintptr_t low = sp, top = stack_top;
    uintptr_t pc = ip;  // the address to look up: this function's own, then each return address - 1
    int count = 0;
    // The first step leaves this function; its return address (into our caller) is not reported.
    for (int step = 0; count < capacity; step++) {
        rule r = rule_for(pc);
        if (r.kind != RULE_FRAME) break;
        uintptr_t cfa = (r.cfa_is_rbp ? bp : sp) + (uintptr_t)r.cfa_offset;
        if (cfa <= sp || cfa > top) break;  // the CFA must grow and stay on this stack
        uintptr_t ra;
        if (!load(cfa - 8, low, top, &ra)) break;
        if (r.rbp_saved && !load(cfa + (uintptr_t)r.rbp_offset, low, top, &bp)) break;
        sp = cfa;
        if (ra == 0) break;
        if (step > 0) out[count++] = ra;
        pc = ra - 1;
    }
    return count;
}

#endif

__attribute__((noinline)) int sentry_fast_backtrace(uintptr_t *out, int capacity) {
    if (!out || capacity <= 0) return 0;
#if FAST_UNWIND
    int count = fast_walk(out, capacity);
    if (count >= 2) return count;
#endif
    return glibc_backtrace(out, capacity);
}

__attribute__((noinline)) int sentry_fast_backtrace_only(uintptr_t *out, int capacity) {
    if (!out || capacity <= 0) return 0;
#if FAST_UNWIND
    int count = fast_walk(out, capacity);
    return count < 0 ? 0 : count;
#else
    return 0;
#endif
}

__attribute__((noinline)) int sentry_glibc_backtrace(uintptr_t *out, int capacity) {
    if (!out || capacity <= 0) return 0;
    return glibc_backtrace(out, capacity);
}
