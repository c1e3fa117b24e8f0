/* Single-thread f32 FMA peak of this core: 12 (AVX2) or 24 (AVX-512)
 * independent accumulator chains of fused multiply-adds, no memory traffic,
 * timed by the thread's CPU time. The ceiling any GEMM kernel can reach here.
 *
 *   gcc -O2 -march=native -o /tmp/fma_peak xtask/scripts/fma_peak.c && /tmp/fma_peak
 */
#include <immintrin.h>
#include <stdio.h>
#include <time.h>

static double now(void) {
    struct timespec t;
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t);
    return t.tv_sec + t.tv_nsec * 1e-9;
}

#define ITERS 200000000L

static double avx2(void) {
    __m256 acc[12], x = _mm256_set1_ps(0.999999f), y = _mm256_set1_ps(1e-7f);
    for (int i = 0; i < 12; i++) acc[i] = _mm256_set1_ps((float)i);
    double t = now();
    for (long n = 0; n < ITERS; n++) {
#pragma GCC unroll 12
        for (int i = 0; i < 12; i++) acc[i] = _mm256_fmadd_ps(acc[i], x, y);
    }
    t = now() - t;
    float s[8];
    __m256 sum = acc[0];
    for (int i = 1; i < 12; i++) sum = _mm256_add_ps(sum, acc[i]);
    _mm256_storeu_ps(s, sum);
    if (s[0] == 12345.0f) puts("");
    return 2.0 * 8 * 12 * ITERS / t / 1e9;
}

#ifdef __AVX512F__
static double avx512(void) {
    __m512 acc[24], x = _mm512_set1_ps(0.999999f), y = _mm512_set1_ps(1e-7f);
    for (int i = 0; i < 24; i++) acc[i] = _mm512_set1_ps((float)i);
    double t = now();
    for (long n = 0; n < ITERS / 2; n++) {
#pragma GCC unroll 24
        for (int i = 0; i < 24; i++) acc[i] = _mm512_fmadd_ps(acc[i], x, y);
    }
    t = now() - t;
    float s = _mm512_reduce_add_ps(acc[0]);
    for (int i = 1; i < 24; i++) s += _mm512_reduce_add_ps(acc[i]);
    if (s == 12345.0f) puts("");
    return 2.0 * 16 * 24 * (ITERS / 2) / t / 1e9;
}
#endif

int main(void) {
    printf("AVX2+FMA peak: %.1f GFLOP/s\n", avx2());
#ifdef __AVX512F__
    printf("AVX-512F peak: %.1f GFLOP/s\n", avx512());
#endif
    return 0;
}
