/*
 * RNC's only native code: keeps TensorFlow's C++ logging off stderr in the host application (see
 * org.rnc.model.NativeLogs). Java cannot set an environment variable of its own process, and TensorFlow reads
 * TF_CPP_MIN_LOG_LEVEL from the environment; its absl-based lines (e.g. "MLIR V1 optimization pass is not
 * enabled") ignore that variable and need absl::SetMinLogLevel, a C++ function no Java binding reaches; in
 * libtensorflow_cc, whose absl copy exports no such function, the level is a 4-byte variable at an offset known for
 * the exact build (NativeLogs checks the build by two exported symbols and the variable's current value).
 *
 * Build: bash src/main/c/build.sh (writes src/main/resources/org/rnc/model/native/linux-x86_64/librncnativelogs.so)
 */
#define _GNU_SOURCE
#include <jni.h>
#include <dlfcn.h>
#include <stdlib.h>

/* Bind the oldest x86-64 versions, so the library loads on any glibc (2.2.5 on), not only on the build host's. */
__asm__(".symver dlopen,dlopen@GLIBC_2.2.5");
__asm__(".symver dlsym,dlsym@GLIBC_2.2.5");
__asm__(".symver setenv,setenv@GLIBC_2.2.5");
__asm__(".symver getenv,getenv@GLIBC_2.2.5");
__asm__(".symver dladdr,dladdr@GLIBC_2.2.5");

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

/*
 * Calls `void symbol(int)` in the already loaded library `library` (looked up by its soname; never loads it).
 * Used for absl::SetMinLogLevel(absl::LogSeverityAtLeast), an enum with int representation. Returns 1 if called.
 */
JNIEXPORT jint JNICALL Java_org_rnc_model_NativeLogs_callIntSetter(JNIEnv *env, jclass cls, jstring library, jstring symbol, jint value) {
    const char *l = (*env)->GetStringUTFChars(env, library, NULL);
    if (l == NULL) return 0;
    const char *s = (*env)->GetStringUTFChars(env, symbol, NULL);
    if (s == NULL) { (*env)->ReleaseStringUTFChars(env, library, l); return 0; }
    int called = 0;
    void *h = dlopen(l, RTLD_LAZY | RTLD_NOLOAD);
    if (h != NULL) {
        void (*f)(int) = (void (*)(int)) dlsym(h, s);
        if (f != NULL) { f((int) value); called = 1; }
        /* no dlclose: the handle only bumped the count of a library that stays loaded anyway */
    }
    (*env)->ReleaseStringUTFChars(env, symbol, s);
    (*env)->ReleaseStringUTFChars(env, library, l);
    return called;
}

/* The loaded library's base address (found through one of its exported symbols), or NULL. */
static char *base_of(JNIEnv *env, jstring library, jstring symbol, char **symbol_address) {
    const char *l = (*env)->GetStringUTFChars(env, library, NULL);
    if (l == NULL) return NULL;
    const char *s = (*env)->GetStringUTFChars(env, symbol, NULL);
    if (s == NULL) { (*env)->ReleaseStringUTFChars(env, library, l); return NULL; }
    char *base = NULL;
    void *h = dlopen(l, RTLD_LAZY | RTLD_NOLOAD);
    if (h != NULL) {
        void *a = dlsym(h, s);
        Dl_info info;
        if (a != NULL && dladdr(a, &info) != 0 && info.dli_fbase != NULL) {
            base = (char *) info.dli_fbase;
            *symbol_address = (char *) a;
        }
    }
    (*env)->ReleaseStringUTFChars(env, symbol, s);
    (*env)->ReleaseStringUTFChars(env, library, l);
    return base;
}

/* Offset of an exported symbol from the loaded library's base (identifies the build), or -1. */
JNIEXPORT jlong JNICALL Java_org_rnc_model_NativeLogs_symbolOffset(JNIEnv *env, jclass cls, jstring library, jstring symbol) {
    char *a = NULL, *base = base_of(env, library, symbol, &a);
    return base == NULL ? -1 : (jlong) (a - base);
}

/* Stores value in the 4-byte variable at base + offset if it holds expected now. Returns 1 if it stored. */
JNIEXPORT jint JNICALL Java_org_rnc_model_NativeLogs_storeIntIfEquals(JNIEnv *env, jclass cls, jstring library, jstring symbol,
        jlong offset, jint expected, jint value) {
    char *a = NULL, *base = base_of(env, library, symbol, &a);
    if (base == NULL || offset <= 0 || (offset & 3) != 0) return 0;
    int *p = (int *) (base + offset);
    int old = expected;
    /* the variable is a std::atomic<int>: swap it the same way */
    return __atomic_compare_exchange_n(p, &old, (int) value, 0, __ATOMIC_SEQ_CST, __ATOMIC_SEQ_CST) ? 1 : 0;
}
