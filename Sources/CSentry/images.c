#define _GNU_SOURCE
#include "CSentry.h"

#include <link.h>
#include <string.h>
#include <unistd.h>

typedef struct {
    sentry_image_info *out;
    int capacity;
    int count;
    uint64_t adds;
    uint64_t subs;
} sentry_image_walk;

static void sentry_read_build_id(const ElfW(Phdr) *phdr, uintptr_t bias, sentry_image_info *info) {
    const uint8_t *cursor = (const uint8_t *)(bias + phdr->p_vaddr);
    const uint8_t *end = cursor + phdr->p_memsz;
    while (cursor + sizeof(ElfW(Nhdr)) <= end) {
        const ElfW(Nhdr) *note = (const ElfW(Nhdr) *)cursor;
        size_t name_size = (note->n_namesz + 3u) & ~3u;
        size_t desc_size = (note->n_descsz + 3u) & ~3u;
        const uint8_t *name = cursor + sizeof(ElfW(Nhdr));
        const uint8_t *desc = name + name_size;
        if (desc + desc_size > end || desc < cursor) {
            return;
        }
        if (note->n_type == NT_GNU_BUILD_ID && note->n_namesz == 4 && memcmp(name, "GNU", 4) == 0) {
            uint32_t length = note->n_descsz < sizeof(info->build_id) ? note->n_descsz : sizeof(info->build_id);
            memcpy(info->build_id, desc, length);
            info->build_id_length = length;
            return;
        }
        cursor = desc + desc_size;
    }
}

static int sentry_image_callback(struct dl_phdr_info *phdr_info, size_t size, void *data) {
    sentry_image_walk *walk = data;
    walk->adds = phdr_info->dlpi_adds;
    walk->subs = phdr_info->dlpi_subs;
    (void)size;
    if (walk->count < walk->capacity) {
        sentry_image_info *info = &walk->out[walk->count];
        memset(info, 0, sizeof(*info));
        uintptr_t page = (uintptr_t)sysconf(_SC_PAGESIZE);
        if (page == 0 || page == (uintptr_t)-1) page = 4096;
        uintptr_t low = UINTPTR_MAX, high = 0;
        for (int i = 0; i < phdr_info->dlpi_phnum; i++) {
            const ElfW(Phdr) *phdr = &phdr_info->dlpi_phdr[i];
            if (phdr->p_type == PT_LOAD) {
                uintptr_t start = phdr->p_vaddr & ~(page - 1);
                uintptr_t end = phdr->p_vaddr + phdr->p_memsz;
                if (start < low) low = start;
                if (end > high) high = end;
            } else if (phdr->p_type == PT_NOTE && info->build_id_length == 0) {
                sentry_read_build_id(phdr, phdr_info->dlpi_addr, info);
            }
        }
        if (low == UINTPTR_MAX) low = 0;
        info->bias = phdr_info->dlpi_addr;
        info->vmaddr = low;
        info->start = phdr_info->dlpi_addr + low;
        info->end = phdr_info->dlpi_addr + high;
        info->name = phdr_info->dlpi_name ? phdr_info->dlpi_name : "";
    }
    walk->count++;
    return 0;
}

int sentry_list_images(sentry_image_info *out, int capacity) {
    sentry_image_walk walk = {out, out ? capacity : 0, 0, 0, 0};
    dl_iterate_phdr(sentry_image_callback, &walk);
    return walk.count;
}

static int sentry_generation_callback(struct dl_phdr_info *info, size_t size, void *data) {
    uint64_t *counters = data;
    (void)size;
    counters[0] = info->dlpi_adds;
    counters[1] = info->dlpi_subs;
    return 1;  // the counters are the same in every entry: stop after the first
}

void sentry_image_generation(uint64_t *adds, uint64_t *subs) {
    uint64_t counters[2] = {0, 0};
    dl_iterate_phdr(sentry_generation_callback, counters);
    if (adds) *adds = counters[0];
    if (subs) *subs = counters[1];
}
