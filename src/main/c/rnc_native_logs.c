/*
 * RNC's only native code: keeps TensorFlow's C++ logging off stderr in the host application (see
 * org.rnc.model.NativeLogs). Java cannot set an environment variable of its own process, and TensorFlow reads
 * TF_CPP_MIN_LOG_LEVEL from the environment. Its absl-based lines (e.g. "MLIR V1 optimization pass is not
 * enabled") ignore that variable; absl keeps their level in a 4-byte variable of each TensorFlow library, which
 * neither library exports, at an offset known for an exact build. NativeLogs names the build by its GNU build ID
 * (read here from the loaded library's own notes) and the variable's offset; this code stores the level only there,
 * and only if the variable still holds absl's default.
 *
 * Only setenv, getenv, dl_iterate_phdr and compiler built-ins are used, all bound to glibc's base version, so the
 * library loads on any x86-64 glibc (2.2.5 on); -z now makes a missing symbol fail the load, never a later call.
 *
 * Build: bash src/main/c/build.sh (writes src/main/resources/org/rnc/model/native/linux-x86_64/librncnativelogs.so)
 */
#define _GNU_SOURCE
#include <jni.h>
#include <link.h>
#include <stdlib.h>

__asm__(".symver setenv,setenv@GLIBC_2.2.5");
__asm__(".symver getenv,getenv@GLIBC_2.2.5");
__asm__(".symver dl_iterate_phdr,dl_iterate_phdr@GLIBC_2.2.5");

/* Sets name=value unless name is already set (the user's choice wins). Returns 1 if it set it. */
JNIEXPORT jint JNICALL Java_org_rnc_model_NativeLogs_setenvIfUnset(JNIEnv *env, jclass cls, jstring name, jstring value) {
    const char *n = (*env)->GetStringUTFChars(env, name, NULL);
    if (n == NULL) return 0;
    const char *v = (*env)->GetStringUTFChars(env, value, NULL);
    if (v == NULL) { (*env)->ReleaseStringUTFChars(env, name, n); return 0; }
    int set = getenv(n) == NULL && setenv(n, v, 0) == 0;
    (*env)->ReleaseStringUTFChars(env, value, v);
    (*env)->ReleaseStringUTFChars(env, name, n);
    return set;
}

struct search {
    const char *name;           /* file name of the library, e.g. libtensorflow_cc.so.2 */
    const unsigned char *id;    /* expected GNU build ID */
    int id_len;
    int found, id_matches;
    ElfW(Addr) base;
};

static int ends_with_name(const char *path, const char *name) {
    size_t p = 0, n = 0;
    while (path[p]) p++;
    while (name[n]) n++;
    if (n > p) return 0;
    for (size_t i = 0; i < n; i++) if (path[p - n + i] != name[i]) return 0;
    return p == n || path[p - n - 1] == '/';
}

static int visit(struct dl_phdr_info *info, size_t size, void *data) {
    struct search *s = (struct search *) data;
    if (info->dlpi_name == NULL || !ends_with_name(info->dlpi_name, s->name)) return 0;
    s->found = 1;
    s->base = info->dlpi_addr;
    for (int i = 0; i < info->dlpi_phnum; i++) {
        const ElfW(Phdr) *ph = &info->dlpi_phdr[i];
        if (ph->p_type != PT_NOTE) continue;
        const unsigned char *p = (const unsigned char *) (info->dlpi_addr + ph->p_vaddr), *end = p + ph->p_memsz;
        while (p + sizeof(ElfW(Nhdr)) <= end) {
            const ElfW(Nhdr) *nh = (const ElfW(Nhdr) *) p;
            const unsigned char *nm = p + sizeof(ElfW(Nhdr));
            const unsigned char *desc = nm + ((nh->n_namesz + 3) & ~3u);
            if (desc + nh->n_descsz > end) break;
            if (nh->n_type == NT_GNU_BUILD_ID && nh->n_namesz == 4 && nm[0] == 'G' && nm[1] == 'N' && nm[2] == 'U'
                    && (int) nh->n_descsz == s->id_len) {
                int same = 1;
                for (int k = 0; k < s->id_len; k++) if (desc[k] != s->id[k]) same = 0;
                s->id_matches = same;
                return 1;
            }
            p = desc + ((nh->n_descsz + 3) & ~3u);
        }
    }
    return 1;
}

/*
 * In the loaded library `library` whose GNU build ID is `buildId`, swaps the 4-byte variable at base + offset from
 * `expected` to `value`. Returns 1 if it stored, 0 if the library is not loaded, -1 if it is another build,
 * -2 if the variable does not hold `expected` (someone set it: left alone).
 */
JNIEXPORT jint JNICALL Java_org_rnc_model_NativeLogs_storeIntInBuild(JNIEnv *env, jclass cls, jstring library,
        jbyteArray buildId, jlong offset, jint expected, jint value) {
    if (offset <= 0 || (offset & 3) != 0) return -1;
    const char *l = (*env)->GetStringUTFChars(env, library, NULL);
    if (l == NULL) return 0;
    jsize n = (*env)->GetArrayLength(env, buildId);
    jbyte *id = (*env)->GetByteArrayElements(env, buildId, NULL);
    if (id == NULL) { (*env)->ReleaseStringUTFChars(env, library, l); return 0; }
    struct search s = {l, (const unsigned char *) id, (int) n, 0, 0, 0};
    dl_iterate_phdr(visit, &s);
    (*env)->ReleaseByteArrayElements(env, buildId, id, JNI_ABORT);
    (*env)->ReleaseStringUTFChars(env, library, l);
    if (!s.found) return 0;
    if (!s.id_matches) return -1;
    int *p = (int *) (s.base + (ElfW(Addr)) offset);
    int old = expected;
    /* absl's variable is a std::atomic<int>: swap it the same way */
    return __atomic_compare_exchange_n(p, &old, (int) value, 0, __ATOMIC_SEQ_CST, __ATOMIC_SEQ_CST) ? 1 : -2;
}
